import { decidePackageResult, decideReleaseButton, decideReleaseTagPush, planRelease, type ReleaseFacts } from "../../../src/core/train/decide-release.js";
import type { Permission } from "../../../src/core/runs/decide-runs.js";
import type { ReleaseHead } from "../../../src/core/train/state.js";
import type { TagRef } from "../../../src/core/versions/tag-scheme.js";
import { HEAD, HEAD2, config, now, pr, setup, state, summarize } from "./fixtures.js";

const OLD = "1".repeat(40);
const tags: TagRef[] = [
  { name: "test-2026.11.20-4", sha: OLD }, { name: "release-2026.11.20-4", sha: OLD },
  { name: "test-2026.11.22-5", sha: HEAD }, { name: "test-2026.11.22-6", sha: HEAD2 },
];
const facts = (over: Partial<ReleaseFacts> = {}, extra: TagRef[] = []): ReleaseFacts => ({
  ...setup({}, [...tags, ...extra]), prs: [pr(1), pr(2)], evidence: [{ name: "dctest/smoke", passed: true, summary: "ok", url: "https://ci.example/1" }], release: null, ...over,
});
const head: ReleaseHead = { sha: HEAD, prs: [pr(1), pr(2)], gate: null, testTag: "test-2026.11.22-5", releaseTag: null };
const press = (permission: Permission) => ({ kind: "releaseButton" as const, sha: HEAD, actor: { login: "eng", permission } });

it.each<[Permission, string[]]>([
  ["write", ["createTag release-2026.11.22-5 at ccc", "createRelease release-2026.11.22-5 prerelease", "upsertComment #1", "upsertComment #2", 'check signalbox/train success "Released as release-2026.11.22-5"']],
  ["admin", ["createTag release-2026.11.22-5 at ccc", "createRelease release-2026.11.22-5 prerelease", "upsertComment #1", "upsertComment #2", 'check signalbox/train success "Released as release-2026.11.22-5"']],
  ["triage", ['check signalbox/train success "Tagged test-2026.11.22-5" [Release]']],
  ["read", ['check signalbox/train success "Tagged test-2026.11.22-5" [Release]']],
])("the Release button pressed by someone with %s permission", (permission, expected) => {
  const d = decideReleaseButton(state({ head }), press(permission), facts(), now);
  expect(summarize(d.effects)).toEqual(expected);
  if (!["write", "admin"].includes(permission)) expect(d.state.head?.note).toContain("needs write permission");
});

it("the pre-release notes list the PRs since the previous release and the evidence", () => {
  const d = decideReleaseButton(state({ head }), press("write"), facts(), now);
  const release = d.effects.find((e) => e.kind === "createRelease");
  expect(release).toMatchObject({ tagName: "release-2026.11.22-5", name: "release-2026.11.22-5", prerelease: true, draft: false, makeLatest: "false" });
  expect(release?.kind === "createRelease" && release.body).toContain("Changes since `release-2026.11.20-4`");
  expect(d.state.prStages["1"]).toEqual({ testTag: "test-2026.11.22-5", releaseTag: "release-2026.11.22-5", pr: expect.objectContaining({ number: 1 }) });
});

it.each<[string, ReleaseFacts, string[]]>([
  ["a commit without a test tag", facts({ tags: tags.filter((t) => t.sha !== HEAD) }), ['check signalbox/train success "Tagged test-2026.11.22-5" [Release]']],
  ["the release tag exists elsewhere", facts({}, [{ name: "release-2026.11.22-5", sha: OLD }]), ['check signalbox/train success "Tagged test-2026.11.22-5" [Release]']],
  ["already released", facts({ release: { id: 9, tag: "release-2026.11.22-5", sha: HEAD, draft: false, prerelease: true, publishedAt: "t" } }, [{ name: "release-2026.11.22-5", sha: HEAD }]), []],
  ["the tag exists but the release does not: only the release is made", facts({}, [{ name: "release-2026.11.22-5", sha: HEAD }]), ["createRelease release-2026.11.22-5 prerelease", "upsertComment #1", "upsertComment #2", 'check signalbox/train success "Released as release-2026.11.22-5"']],
])("Release button: %s", (_, f, expected) => {
  expect(summarize(decideReleaseButton(state({ head }), press("write"), f, now).effects)).toEqual(expected);
});

it("plans the release of a commit from its tags", () => {
  expect(planRelease(setup({}, tags), HEAD)).toEqual({ testTag: "test-2026.11.22-5", releaseTag: "release-2026.11.22-5", previousTag: "release-2026.11.20-4" });
  expect(planRelease(setup({}, tags), "f".repeat(40))).toHaveProperty("error");
});

it.each<[string, string, string, string | null]>([
  ["valid: test-D-N on the same commit", "release-2026.11.22-5", HEAD, null],
  ["no such test tag", "release-2026.11.22-7", HEAD, "`test-2026.11.22-7` does not exist"],
  ["test tag on another commit", "release-2026.11.22-6", HEAD, "`test-2026.11.22-6` is on `ddddddd`, not on `ccccccc`"],
  ["month 13", "release-2026.13.01-1", HEAD, "13 is not a month"],
  ["N = 0", "release-2026.11.22-0", HEAD, "N must be 1 or more"],
  ["leading zero", "release-2026.11.22-05", HEAD, "leading zero"],
  ["trailing junk", "release-2026.11.22-5x", HEAD, "does not have the form"],
])("a pushed release tag: %s", (_, name, sha, because) => {
  const d = decideReleaseTagPush(state(), { kind: "releaseTagPush", name, sha }, facts({}, [{ name, sha }]), now);
  if (because === null) {
    expect(summarize(d.effects)).toEqual([`createRelease ${name} prerelease`, "upsertComment #1", "upsertComment #2"]);
    return;
  }
  expect(summarize(d.effects)).toEqual([`check signalbox/train failure "${name} is not a valid release tag"`]);
  const check = d.effects[0]!;
  expect(check.kind === "upsertCheckRun" && check.headSha).toBe(sha);
  expect(check.kind === "upsertCheckRun" && check.summary).toContain(because);
});

it("a tag the scheme does not claim is not judged", () => {
  expect(decideReleaseTagPush(state(), { kind: "releaseTagPush", name: "v1.0.0", sha: HEAD }, facts(), now).effects).toEqual([]);
});

it("with a package pipeline: a draft, the pipeline, then publication as a pre-release when it passes", () => {
  const f = facts({ packagePipeline: "package" });
  const d = decideReleaseButton(state({ head }), press("write"), f, now);
  expect(summarize(d.effects)).toEqual([
    "createTag release-2026.11.22-5 at ccc", "createRelease release-2026.11.22-5 draft prerelease", "startPipeline package (package) at ccc", 'check signalbox/train success "Released as release-2026.11.22-5"',
  ]);
  const draft = { id: 9, tag: "release-2026.11.22-5", sha: HEAD, draft: true, prerelease: true, publishedAt: null };
  const event = { kind: "packageResult" as const, tag: "release-2026.11.22-5", sha: HEAD, passed: true };
  const published = decidePackageResult(d.state, event, { ...f, release: draft }, now);
  expect(summarize(published.effects)).toEqual(['updateRelease release-2026.11.22-5 {"draft":false,"prerelease":true}', "upsertComment #1", "upsertComment #2"]);
  const failed = decidePackageResult(d.state, { ...event, passed: false }, { ...f, release: draft }, now);
  expect(summarize(failed.effects)).toEqual(['check signalbox/train failure "Packaging release-2026.11.22-5 failed"']);
  expect(decidePackageResult(d.state, event, { ...f, release: { ...draft, draft: false } }, now).effects).toEqual([]);
});

it("semver: a pushed vX.Y.Z is valid only with a release candidate on the same commit", () => {
  const svTags = [{ name: "v1.2.0", sha: OLD }, { name: "v1.3.0-rc.1", sha: HEAD2 }, { name: "v1.3.0-rc.2", sha: HEAD }];
  const f = { ...facts(), config: config({ scheme: "semver" }), tags: [...svTags, { name: "v1.3.0", sha: HEAD }] };
  const ok = decideReleaseTagPush(state(), { kind: "releaseTagPush", name: "v1.3.0", sha: HEAD }, f, now);
  expect(summarize(ok.effects)[0]).toBe("createRelease v1.3.0 prerelease");
  const notes = ok.effects[0]!;
  expect(notes.kind === "createRelease" && notes.body).toContain("Changes since `v1.2.0`");
  const bad = decideReleaseTagPush(state(), { kind: "releaseTagPush", name: "v1.4.0", sha: HEAD }, { ...f, tags: [...svTags, { name: "v1.4.0", sha: HEAD }] }, now);
  expect(bad.effects[0]!.kind === "upsertCheckRun" && bad.effects[0]!.summary).toContain("a release candidate `v1.4.0-rc.N` does not exist");
});
