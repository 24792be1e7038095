/** decideGate: every outcome, missing and running, globs, windows, waivers, quarantine, flaky, when=. */
import { decideGate, type Outcome, type Result, type Waiver } from "../../../src/core/gates/index.js";
import { at, LATER, OTHER, policy, result, SHA, waiver } from "./fixtures.js";

const decide = (require: string[], results: Result[], waivers: Waiver[] = [], when = LATER, context = "promote", over = {}) =>
  decideGate(policy(require, over), results, waivers, SHA, when, context);
const types = (d: ReturnType<typeof decideGate>) => [...d.unsatisfied_requirements, ...d.satisfied_requirements].map((r) => `${r.testcase}:${r.type}`);

describe("decideGate: one required test, every outcome", () => {
  it.each<[Outcome | "none", boolean, string, string]>([
    ["PASSED", true, "test-result-passed", "The required test passed"],
    ["INFO", true, "test-result-passed", "The required test passed"],
    ["FAILED", false, "test-result-failed", "Of 1 required test, 1 failed"],
    ["NEEDS_INSPECTION", false, "test-result-failed", "Of 1 required test, 1 failed"],
    ["ERROR", false, "test-result-errored", "Of 1 required test, 1 errored"],
    ["QUEUED", false, "test-result-running", "Of 1 required test, 1 missing (running)"],
    ["RUNNING", false, "test-result-running", "Of 1 required test, 1 missing (running)"],
    ["none", false, "test-result-missing", "Of 1 required test, 1 missing"],
  ])("%s → satisfied %s, %s", (outcome, satisfied, type, summary) => {
    const d = decide(["unit"], outcome === "none" ? [] : [result("unit", outcome)]);
    expect(d).toMatchObject({ satisfied, applicable: true, summary });
    expect(types(d)).toEqual([`unit:${type}`]);
    expect([...d.satisfied_requirements, ...d.unsatisfied_requirements][0]).toMatchObject({ outcome: outcome === "none" ? null : outcome, item: SHA });
  });
});

describe("decideGate: summaries over several tests", () => {
  it.each<[string, string[], Result[], string]>([
    ["all passed", ["a", "b", "c"], [result("a", "PASSED"), result("b", "PASSED"), result("c", "INFO")], "All 3 required tests passed"],
    [
      "the issue's example",
      ["a", "b", "c", "d", "e"],
      [result("a", "PASSED"), result("b", "FAILED"), result("c", "RUNNING"), result("d", "PASSED"), result("e", "PASSED")],
      "Of 5 required tests, 1 failed, 1 missing (running)",
    ],
    ["failed and plain missing", ["a", "b", "c", "d", "e"], [result("a", "PASSED"), result("b", "FAILED"), result("d", "PASSED"), result("e", "PASSED")], "Of 5 required tests, 1 failed, 1 missing"],
    ["some missing are running", ["a", "b", "c"], [result("a", "QUEUED")], "Of 3 required tests, 3 missing (1 running)"],
    ["every kind", ["a", "b", "c", "d"], [result("a", "FAILED"), result("b", "ERROR"), result("c", "RUNNING")], "Of 4 required tests, 1 failed, 1 errored, 2 missing (1 running)"],
    ["nothing required", [], [result("a", "FAILED")], "No tests are required"],
  ])("%s", (_name, require, results, summary) => {
    expect(decide(require, results).summary).toBe(summary);
  });

  it("lists unsatisfied and satisfied requirements in require order, each once", () => {
    const d = decide(["b", "a", "b"], [result("a", "FAILED"), result("b", "PASSED")]);
    expect(types(d)).toEqual(["a:test-result-failed", "b:test-result-passed"]);
  });
});

describe("decideGate: the newest result per testcase and item decides", () => {
  it.each<[string, Result[], string]>([
    ["a later pass fixes a failure", [result("t", "FAILED", 1), result("t", "PASSED", 2)], "test-result-passed"],
    ["a later failure undoes a pass", [result("t", "PASSED", 1), result("t", "FAILED", 2)], "test-result-failed"],
    ["a re-run in progress hides the old pass", [result("t", "PASSED", 1), result("t", "RUNNING", 2)], "test-result-running"],
    ["arrival order breaks a tie in time", [result("t", "FAILED", 3), result("t", "PASSED", 3)], "test-result-passed"],
    ["results on another item do not count", [result("t", "PASSED", 1, { item: OTHER })], "test-result-missing"],
    ["given out of order, time still decides", [result("t", "PASSED", 5), result("t", "FAILED", 1)], "test-result-passed"],
  ])("%s", (_name, results, type) => {
    expect(types(decide(["t"], results))).toEqual([`t:${type}`]);
  });
});

describe("decideGate: globs in require", () => {
  const results = [result("dctest/a", "PASSED"), result("dctest/b", "FAILED"), result("unit", "PASSED"), result("dctest-x", "FAILED")];
  it.each<[string, string[], string[]]>([
    ["a glob expands to each testcase seen, sorted", ["dctest/*"], ["dctest/b:test-result-failed", "dctest/a:test-result-passed"]],
    ["a glob matching nothing is one missing requirement", ["smoke/*"], ["smoke/*:test-result-missing"]],
    ["a glob and a name overlapping count once", ["dctest/a", "dctest/*"], ["dctest/b:test-result-failed", "dctest/a:test-result-passed"]],
    ["braces and ** work", ["{unit,dctest/**}"], ["dctest/b:test-result-failed", "dctest/a:test-result-passed", "unit:test-result-passed"]],
    ["a plain name is not a glob", ["dctest"], ["dctest:test-result-missing"]],
  ])("%s", (_name, require, expected) => {
    expect(types(decide(require, results))).toEqual(expected);
  });

  it("counts expanded testcases in the summary", () => {
    expect(decide(["dctest/*", "unit"], results).summary).toBe("Of 3 required tests, 1 failed");
  });
});

describe("decideGate: valid_since and valid_until (when the policy is in effect)", () => {
  const failing = [result("t", "FAILED")];
  it.each<[string, object, Date, boolean, string]>([
    ["before valid_since: not in effect", { valid_since: "2026-12-01" }, new Date("2026-11-30T23:59:59Z"), false, "Not in effect until 2026-12-01 (valid_since): no tests are required"],
    ["from valid_since's midnight UTC: in effect", { valid_since: "2026-12-01" }, new Date("2026-12-01T00:00:00Z"), true, "Of 1 required test, 1 failed"],
    ["valid_since with a time", { valid_since: "2026-12-01T09:00:00Z" }, new Date("2026-12-01T08:59:00Z"), false, "Not in effect until 2026-12-01T09:00:00Z (valid_since): no tests are required"],
    ["a time without a zone is UTC", { valid_since: "2026-12-01 09:00" }, new Date("2026-12-01T09:00:00Z"), true, "Of 1 required test, 1 failed"],
    ["during valid_until's day: in effect", { valid_until: "2026-12-31" }, new Date("2026-12-31T23:59:59Z"), true, "Of 1 required test, 1 failed"],
    ["after valid_until's day: not in effect", { valid_until: "2026-12-31" }, new Date("2027-01-01T00:00:00Z"), false, "No longer in effect after 2026-12-31 (valid_until): no tests are required"],
    ["valid_until with a time includes that instant", { valid_until: "2026-12-31T10:00:00Z" }, new Date("2026-12-31T10:00:00Z"), true, "Of 1 required test, 1 failed"],
    ["inside both", { valid_since: "2026-01-01", valid_until: "2026-12-31" }, new Date("2026-06-01T00:00:00Z"), true, "Of 1 required test, 1 failed"],
  ])("%s", (_name, window, when, applicable, summary) => {
    const d = decideGate(policy(["t"], window), failing.map((r) => ({ ...r, createdAt: new Date("2020-01-01") })), [], SHA, when, "promote");
    expect(d).toMatchObject({ applicable, satisfied: !applicable ? true : false, summary });
    if (!applicable) expect(d.satisfied_requirements).toEqual([]);
  });

  it.each<[string, Date, boolean]>([
    ["an item made before valid_since is not held to the policy, decided later", new Date("2026-11-30T12:00:00Z"), false],
    ["an item made after valid_since is", new Date("2026-12-01T12:00:00Z"), true],
  ])("the window reads the item's time: %s", (_name, itemTime, applicable) => {
    const d = decideGate(policy(["t"], { valid_since: "2026-12-01" }), failing.map((r) => ({ ...r, createdAt: new Date("2026-12-02") })), [], SHA, new Date("2026-12-05T00:00:00Z"), "promote", itemTime);
    expect(d).toMatchObject({ applicable, satisfied: !applicable });
  });
});

describe("decideGate: waivers", () => {
  it.each<[string, Result[], Waiver[], string, string]>([
    ["waives a failure", [result("t", "FAILED")], [waiver("t", 1)], "test-result-failed-waived", "The required test passed (1 waived)"],
    ["waives an error", [result("t", "ERROR")], [waiver("t", 1)], "test-result-errored-waived", "The required test passed (1 waived)"],
    ["waives a missing result", [], [waiver("t", 1)], "test-result-missing-waived", "The required test passed (1 waived)"],
    ["waived before the failure arrived still counts", [result("t", "FAILED", 5)], [waiver("t", 1)], "test-result-failed-waived", "The required test passed (1 waived)"],
    ["does not speak for a running test", [result("t", "RUNNING")], [waiver("t", 1)], "test-result-running", "Of 1 required test, 1 missing (running)"],
    ["an expired waiver does not count", [result("t", "FAILED")], [waiver("t", 1, { expiresAt: at(10) })], "test-result-failed", "Of 1 required test, 1 failed"],
    ["a revoked waiver does not count", [result("t", "FAILED")], [waiver("t", 1, { revokedAt: at(10), revokedBy: "bob" })], "test-result-failed", "Of 1 required test, 1 failed"],
    ["a waiver of another item does not count", [result("t", "FAILED")], [waiver("t", 1, { item: OTHER })], "test-result-failed", "Of 1 required test, 1 failed"],
    ["a waiver of another testcase does not count", [result("t", "FAILED")], [waiver("u", 1)], "test-result-failed", "Of 1 required test, 1 failed"],
    ["a waiver of this context counts", [result("t", "FAILED")], [waiver("t", 1, { context: "promote" })], "test-result-failed-waived", "The required test passed (1 waived)"],
    ["a waiver of another context does not", [result("t", "FAILED")], [waiver("t", 1, { context: "test_tag" })], "test-result-failed", "Of 1 required test, 1 failed"],
    ["a passing test ignores its waiver", [result("t", "PASSED")], [waiver("t", 1)], "test-result-passed", "The required test passed"],
  ])("%s", (_name, results, waivers, type, summary) => {
    const d = decide(["t"], results, waivers);
    expect(types(d)).toEqual([`t:${type}`]);
    expect(d.summary).toBe(summary);
  });

  it("names the waiver in the requirement, the newest when there are several", () => {
    const d = decide(["t"], [result("t", "FAILED")], [waiver("t", 1, { by: "old" }), waiver("t", 2, { id: 999, by: "carol", reason: "<b>infra</b>" })]);
    expect(d.satisfied_requirements[0]!.waiver).toEqual({ id: 999, by: "carol", reason: "<b>infra</b>", context: null, expires_at: at(2 + 7 * 24 * 60).toISOString() });
  });

  it("mixes waived and blocking tests in the summary", () => {
    const d = decide(["a", "b", "c", "d", "e"], [result("a", "FAILED"), result("b", "FAILED"), result("d", "PASSED"), result("e", "PASSED")], [waiver("a", 1)]);
    expect(d.summary).toBe("Of 5 required tests, 1 failed, 1 missing, 1 waived");
  });

  it("says so when all pass with waivers", () => {
    const d = decide(["a", "b", "c"], [result("a", "FAILED"), result("b", "PASSED"), result("c", "PASSED")], [waiver("a", 1)]);
    expect(d.summary).toBe("All 3 required tests passed (1 waived)");
  });
});

describe("decideGate: quarantine", () => {
  it.each<[Outcome, boolean, string, string]>([
    ["FAILED", true, "test-result-failed-quarantined", "All 2 required tests passed (1 quarantined needing inspection)"],
    ["ERROR", true, "test-result-failed-quarantined", "All 2 required tests passed (1 quarantined needing inspection)"],
    ["NEEDS_INSPECTION", true, "test-result-failed-quarantined", "All 2 required tests passed (1 quarantined needing inspection)"],
    ["PASSED", true, "test-result-passed", "All 2 required tests passed"],
    ["RUNNING", false, "test-result-running", "Of 2 required tests, 1 missing (running)"],
  ])("a quarantined testcase that is %s", (outcome, satisfied, type, summary) => {
    const d = decide(["flaky/net", "unit"], [result("flaky/net", outcome), result("unit", "PASSED")], [], LATER, "promote", { quarantine: ["flaky/*"] });
    expect(d).toMatchObject({ satisfied, summary });
    expect(types(d)[0]).toBe(`flaky/net:${type}`);
  });

  it("reports a quarantined failure as NEEDS_INSPECTION", () => {
    const d = decide(["q"], [result("q", "FAILED")], [], LATER, "promote", { quarantine: ["q"] });
    expect(d.satisfied_requirements[0]!.outcome).toBe("NEEDS_INSPECTION");
  });

  it("still requires a result from a quarantined testcase", () => {
    expect(decide(["q"], [], [], LATER, "promote", { quarantine: ["q"] }).summary).toBe("Of 1 required test, 1 missing");
  });
});

describe("decideGate: flaky testcases", () => {
  it.each<[string, Outcome[], boolean]>([
    ["passed then failed", ["PASSED", "FAILED"], true],
    ["failed then passed", ["FAILED", "PASSED"], true],
    ["failed, passed, failed", ["FAILED", "PASSED", "FAILED"], true],
    ["only passes", ["PASSED", "PASSED"], false],
    ["error then pass", ["ERROR", "PASSED"], false],
    ["running then pass", ["RUNNING", "PASSED"], false],
  ])("%s → flaky %s", (_name, outcomes, flaky) => {
    const d = decide(["t"], outcomes.map((o, i) => result("t", o, i)));
    expect(d.flaky).toEqual(flaky ? ["t"] : []);
    expect([...d.satisfied_requirements, ...d.unsatisfied_requirements][0]!.flaky).toBe(flaky);
  });

  it("does not count flips on another item", () => {
    expect(decide(["t"], [result("t", "FAILED", 1, { item: OTHER }), result("t", "PASSED", 2)]).flaky).toEqual([]);
  });
});

describe("decideGate: when= replays the decision as it stood", () => {
  const results = [result("t", "FAILED", 10), result("t", "PASSED", 30)];
  const waivers = [waiver("t", 20, { expiresAt: at(25) })];
  it.each<[number, string, string[]]>([
    [5, "before any result: missing", ["t:test-result-missing"]],
    [10, "at the failure: failed", ["t:test-result-failed"]],
    [20, "waived from its creation", ["t:test-result-failed-waived"]],
    [25, "the waiver expired", ["t:test-result-failed"]],
    [30, "the fix arrived", ["t:test-result-passed"]],
  ])("at minute %s, %s", (minute, _name, expected) => {
    expect(types(decideGate(policy(["t"]), results, waivers, "a".repeat(40), at(minute), "promote"))).toEqual(expected);
  });

  it("ignores a waiver revoked before the time and honours one revoked after", () => {
    const revoked = [waiver("t", 11, { revokedAt: at(15) })];
    expect(types(decide(["t"], results, revoked, at(14)))).toEqual(["t:test-result-failed-waived"]);
    expect(types(decide(["t"], results, revoked, at(16)))).toEqual(["t:test-result-failed"]);
  });

  it("expands globs only over results that existed then", () => {
    const seen = [result("e2e/a", "PASSED", 1), result("e2e/b", "FAILED", 50)];
    expect(types(decide(["e2e/*"], seen, [], at(10)))).toEqual(["e2e/a:test-result-passed"]);
  });
});
