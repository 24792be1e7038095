/**
 * Globs over testcase and tag names: the same answers as picomatch on everyday globs, and time
 * linear in the name on globs that make a backtracking regular expression run for hours.
 */
import picomatch from "picomatch";
import { decideGate, expandRequirements } from "../../../src/core/gates/index.js";
import { decideRuns } from "../../../src/core/runs/decide-runs.js";
import { compileGlob, isGlob, matchGlob, MAX_GLOB_NAME_LENGTH } from "../../../src/core/glob/match-glob.js";
import { LATER, policy, result, SHA } from "../gates/fixtures.js";

const repo = { owner: "o", repo: "r", installationId: 1 };

describe("matchGlob agrees with picomatch on everyday globs", () => {
  const globs = ["dctest/*", "e2e/*", "unit", "smoke/**", "**/x", "a/**/b", "release-*", "v[0-9]*.?", "v[^0-9]*", "{unit,e2e}", "{unit,e2e}/*", "base-?", "a*b*c", "x\\*y", "*"];
  const names = ["dctest/a", "dctest/a/b", "e2e/x", "unit", "units", "smoke", "smoke/a/b", "x", "a/x", "q/r/x", "a/b", "a/c/d/b", "release-2026.01.01-1", "release-", "v1.2", "v1.", "va", "e2e", "e2e/a", "base-1", "base-12", "aXbYc", "abc", "x*y", "xzy", "a/b/c"];
  it.each(globs)("%s", (glob) => {
    for (const name of names) expect([name, matchGlob(name, glob)]).toEqual([name, picomatch.isMatch(name, glob)]);
  });

  it("tells globs from plain names", () => {
    expect(["dctest/*", "a?", "[ab]", "{a,b}"].map(isGlob)).toEqual([true, true, true, true]);
    expect(isGlob("staging-smoke")).toBe(false);
  });

  it("negates a set with ! as well as ^ (picomatch reads [! literally)", () => {
    expect([matchGlob("v1.2", "v[!0-9]*"), matchGlob("va", "v[!0-9]*")]).toEqual([false, true]);
  });
});

describe("pathological globs against 10 kB names stay under 10 ms", () => {
  const nasty = ["*-*-*-*-*-*-*-x", "**-**-**-**-**-**-x", "a*a*a*a*a*a*a*a*a*b", "{*,*a,a*}{*,*a,a*}{*,*a,a*}b", "*/*/*/*/*/*/x"];
  const names = ["-".repeat(10_000), "a".repeat(10_000), "a/".repeat(5_000)];

  it.each(nasty)("%s, matched directly", (glob) => {
    const isMatch = compileGlob(glob);
    for (const name of names) {
      const started = performance.now();
      expect(isMatch(name)).toBe(false);
      expect(performance.now() - started).toBeLessThan(10);
    }
  });

  it.each(nasty)("%s, as a gate requirement and quarantine", (glob) => {
    const results = names.map((name) => result(name, "FAILED"));
    const started = performance.now();
    expect(expandRequirements([glob], results)).toEqual([glob]);
    decideGate(policy([glob], { quarantine: [glob] }), results, [], SHA, LATER, "promote");
    expect(performance.now() - started).toBeLessThan(10 * names.length * 2);
  });

  it.each(nasty)("%s, as a tag trigger", (glob) => {
    const pipelines = { tagged: { on: { tag: glob }, stages: ["test"], jobs: { j: { stage: "test", workflow: "j.yml" } } } } as never;
    for (const name of names) {
      const started = performance.now();
      const decision = decideRuns({ kind: "refPush", repo, ref: "tag", name, sha: "a".repeat(40) }, { pipelines, trustedBots: [], runs: [] }, LATER, (p) => `x:${p}`);
      expect(decision.runs).toEqual([]);
      expect(performance.now() - started).toBeLessThan(10);
    }
  });
});

describe("names over 1 kB never match", () => {
  it("even a glob that matches everything", () => {
    expect(matchGlob("a".repeat(MAX_GLOB_NAME_LENGTH), "*")).toBe(true);
    expect(matchGlob("a".repeat(MAX_GLOB_NAME_LENGTH + 1), "*")).toBe(false);
    expect(matchGlob("a".repeat(MAX_GLOB_NAME_LENGTH + 1), "**")).toBe(false);
  });
});
