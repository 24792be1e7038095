/** joakimk/pipeline's BuildPresenter and MergeBuilds scenarios, as tables. */
import type { Build, BuildStatus, Revision } from "../../../src/store/board-store.js";
import { displayRevisions, type DisplayStatus } from "../../../src/core/board/index.js";

const now = new Date(Date.UTC(2024, 0, 1, 12, 0));
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
const opts = { now, buildTimeoutMinutes: 60 };
const build = (name: string, status: BuildStatus, over: Partial<Build> = {}): Build => ({
  name, status, statusUrl: null, createdAt: minutesAgo(5), updatedAt: minutesAgo(5), ...over,
});
const revision = (hash: string, builds: Build[]): Revision => ({ hash: hash.repeat(40), createdAt: minutesAgo(10), builds });
const shown = (revisions: Revision[], mappings: string[] = []) =>
  displayRevisions(revisions, { mappings }, opts).map((r) => r.builds.map((b) => `${b.name}:${b.status}`));

describe("timeout", () => {
  it.each<[number, number, DisplayStatus]>([
    [61, 60, "pending"],
    [59, 60, "building"],
    [60, 60, "building"],
    [11, 10, "pending"],
    [9, 10, "building"],
  ])("a build building since %i minutes with a %i minute timeout shows %s", (age, timeout, status) => {
    const rev = revision("a", [build("tests", "building", { createdAt: minutesAgo(age + 100), updatedAt: minutesAgo(age) })]);
    const [shownRev] = displayRevisions([rev], { mappings: [] }, { now, buildTimeoutMinutes: timeout });
    expect(shownRev?.builds[0]?.status).toBe(status);
  });

  it.each<[BuildStatus]>([["successful"], ["failed"]])("never times out a %s build", (status) => {
    expect(shown([revision("a", [build("t", status, { updatedAt: minutesAgo(500) })])])).toEqual([[`t:${status}`]]);
  });
});

describe("fixed", () => {
  it.each<[string, Revision[], string[][]]>([
    ["newer success fixes", [revision("b", [build("tests", "successful")]), revision("a", [build("tests", "failed")])], [["tests:successful"], ["tests:fixed"]]],
    ["newer failure does not", [revision("b", [build("tests", "failed")]), revision("a", [build("tests", "failed")])], [["tests:failed"], ["tests:failed"]]],
    ["newer building does not", [revision("b", [build("tests", "building")]), revision("a", [build("tests", "failed")])], [["tests:building"], ["tests:failed"]]],
    ["another name does not", [revision("b", [build("lint", "successful")]), revision("a", [build("tests", "failed")])], [["lint:successful"], ["tests:failed"]]],
    ["an older success does not", [revision("b", [build("tests", "failed")]), revision("a", [build("tests", "successful")])], [["tests:failed"], ["tests:successful"]]],
    ["a success two revisions later fixes", [revision("c", [build("tests", "successful")]), revision("b", []), revision("a", [build("tests", "failed")])], [["tests:successful"], [], ["tests:fixed"]]],
  ])("%s", (_, revisions, expected) => {
    expect(shown(revisions)).toEqual(expected);
  });
});

describe("mappings", () => {
  it.each<[string, Build[], string[], string[]]>([
    ["keeps reported order without mappings", [build("tests", "successful"), build("deploy", "successful")], [], ["tests:successful", "deploy:successful"]],
    ["renames mapped builds", [build("foo_tests", "successful"), build("foo_deploy", "successful")], ["foo_tests=tests"], ["tests:successful", "foo_deploy:successful"]],
    ["puts mapped builds first in mapping order",
      [build("foo_deploy_production", "successful"), build("foo_tests", "successful"), build("foo_deploy_staging", "successful")],
      ["foo_tests=tests", "foo_deploy_staging=staging"],
      ["tests:successful", "staging:successful", "foo_deploy_production:successful"]],
    ["shows missing mapped builds as pending", [build("foo_tests", "building")], ["foo_tests=tests", "foo_deploy_staging=staging"], ["tests:building", "staging:pending"]],
    ["ignores malformed lines", [build("a", "successful")], ["", "noequals", "=x", "a= short "], ["short:successful"]],
    ["accepts CRLF text in one entry", [build("a", "successful"), build("b", "failed")], ["b=B\r\na=A\r\n"], ["B:failed", "A:successful"]],
    ["merges builds sharing a short name",
      [build("foo_tests_0", "building"), build("foo_tests_1", "failed"), build("foo_deploy", "failed")],
      ["foo_tests_0=tests", "foo_tests_1=tests"],
      ["tests:building", "foo_deploy:failed"]],
  ])("%s", (_, builds, mappings, expected) => {
    expect(shown([revision("a", builds)], mappings)).toEqual([expected]);
  });
});

describe("merging", () => {
  const timedOut = { updatedAt: minutesAgo(61) };
  it.each<[string, Build[], string[], DisplayStatus]>([
    ["building beats anything", [build("t0", "building"), build("t1", "failed")], [], "building"],
    ["pending (missing) beats successful", [build("t0", "successful")], ["t1=t"], "pending"],
    ["pending (timed out) beats failed", [build("t0", "building", timedOut), build("t1", "failed")], [], "pending"],
    ["building beats pending", [build("t0", "building")], ["t2=t"], "building"],
    ["fixed beats successful", [build("t0", "successful"), build("t1", "failed")], [], "fixed"],
    ["failed beats successful", [build("t0", "successful"), build("t1", "failed")], ["NO_NEWER"], "failed"],
    ["successful stays successful", [build("t0", "successful"), build("t1", "successful")], [], "successful"],
    ["failed stays failed", [build("t0", "failed"), build("t1", "failed")], ["NO_NEWER"], "failed"],
  ])("%s", (_, builds, extra, status) => {
    const mappings = ["t0=t", "t1=t", ...extra.filter((m) => m !== "NO_NEWER")];
    const newerFixes = extra.includes("NO_NEWER") ? [] : [revision("n", [build("t1", "successful")])];
    const all = [...newerFixes, revision("a", builds)];
    const result = displayRevisions(all, { mappings }, opts).at(-1);
    expect(result?.builds).toEqual([expect.objectContaining({ name: "t", status })]);
  });

  it("links the build that decided the colour", () => {
    const builds = [build("t0", "successful", { statusUrl: "https://ci/ok" }), build("t1", "failed", { statusUrl: "https://ci/bad" })];
    const [row] = displayRevisions([revision("a", builds)], { mappings: ["t0=t", "t1=t"] }, opts);
    expect(row?.builds).toEqual([{ name: "t", status: "failed", statusUrl: "https://ci/bad" }]);
  });
});

it("gives each revision a 5-character short hash and keeps its builds' status URLs", () => {
  const [row] = displayRevisions([revision("ab", [build("t", "building", { statusUrl: "http://example.com" })])], { mappings: [] }, opts);
  expect(row).toMatchObject({ hash: "ab".repeat(40), shortHash: "ababa", builds: [{ name: "t", status: "building", statusUrl: "http://example.com" }] });
});
