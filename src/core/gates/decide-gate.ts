/**
 * Greenwave's decision, made native: does the item (a commit) satisfy a gate policy at a time?
 * Pure: results and waivers come in (all of them, for the item), the time is a parameter.
 */
import { compileGlob, isGlob, matchGlob } from "../glob/match-glob.js";
import type { GatePolicy } from "../../config/schema.js";
import { policyWindow } from "./policy-window.js";
import { renderDecisionSummary } from "./render-summary.js";
import type { Decision, Outcome, Requirement, Result, SatisfiedType, UnsatisfiedType, Waiver, WaiverRef } from "./types.js";

const PASSING: ReadonlySet<Outcome> = new Set(["PASSED", "INFO"]);
const PENDING: ReadonlySet<Outcome> = new Set(["QUEUED", "RUNNING"]);
const FAILING: ReadonlySet<Outcome> = new Set(["FAILED", "NEEDS_INSPECTION"]);

/**
 * Decides `policy` for `item` in decision context `context` as it stood at `at`: only results and
 * waivers that existed then count (so a past `at` replays an old decision). The policy's validity
 * window is compared with `itemTime`, when the item was made (a commit's date), as Greenwave does,
 * so a rule added later does not block an older build; without it, with `at`.
 */
export function decideGate(policy: GatePolicy, results: Result[], waivers: Waiver[], item: string, at: Date, context: string, itemTime?: Date): Decision {
  // 1. outside valid_since/valid_until nothing is required  2. what existed at `at`
  // 3. expand globs  4. judge each requirement on its newest result  5. summarise
  const outside = policyWindow(policy, itemTime ?? at);
  if (outside !== null) return { satisfied: true, applicable: false, summary: outside, satisfied_requirements: [], unsatisfied_requirements: [], flaky: [] };
  const seen = results.filter((r) => r.item === item && r.createdAt <= at).sort(byTime);
  const usable = waivers.filter((w) => w.item === item && (w.context === null || w.context === context) && isActive(w, at));
  const quarantined = (testcase: string) => policy.quarantine.some((glob) => matchGlob(testcase, glob));
  const satisfied: Array<Requirement<SatisfiedType>> = [];
  const unsatisfied: Array<Requirement<UnsatisfiedType>> = [];
  for (const testcase of expandRequirements(policy.require, seen)) {
    const history = seen.filter((r) => r.testcase === testcase);
    const waiver = newestWaiver(usable, testcase);
    const req = judge(testcase, item, history, waiver, quarantined(testcase));
    if (isSatisfied(req)) satisfied.push(req);
    else unsatisfied.push(req as Requirement<UnsatisfiedType>);
  }
  const flaky = [...satisfied, ...unsatisfied].filter((r) => r.flaky).map((r) => r.testcase);
  return {
    satisfied: unsatisfied.length === 0,
    applicable: true,
    summary: renderDecisionSummary(satisfied, unsatisfied),
    satisfied_requirements: satisfied,
    unsatisfied_requirements: unsatisfied,
    flaky,
  };
}

/** A waiver counts from its creation until it expires or is revoked. */
export function isActive(waiver: Waiver, at: Date): boolean {
  return waiver.createdAt <= at && at < waiver.expiresAt && (waiver.revokedAt === null || at < waiver.revokedAt);
}

/**
 * The testcases a policy requires, in `require` order without repeats. A glob stands for every
 * testcase seen for the item that it matches, sorted; a glob matching none stays itself (missing).
 */
export function expandRequirements(require: string[], results: Array<Pick<Result, "testcase">>): string[] {
  const seen = [...new Set(results.map((r) => r.testcase))].sort();
  const out = new Set<string>();
  for (const entry of require) {
    if (!isGlob(entry)) {
      out.add(entry);
      continue;
    }
    const isMatch = compileGlob(entry);
    const matches = seen.filter((testcase) => isMatch(testcase));
    for (const testcase of matches.length > 0 ? matches : [entry]) out.add(testcase);
  }
  return [...out];
}

/** The result that decides a testcase on an item at `at`: the newest that existed then. */
export function newestResult(results: Result[], item: string, testcase: string, at: Date): Result | undefined {
  return results.filter((r) => r.item === item && r.testcase === testcase && r.createdAt <= at).sort(byTime).at(-1);
}

/** A history flips between PASSED and FAILED when it holds both. */
export function isFlaky(history: Array<Pick<Result, "outcome">>): boolean {
  const outcomes = new Set(history.map((r) => r.outcome));
  return outcomes.has("PASSED") && outcomes.has("FAILED");
}

type Judged = Requirement<SatisfiedType> | Requirement<UnsatisfiedType>;

function judge(testcase: string, item: string, history: Result[], waiver: Waiver | null, quarantined: boolean): Judged {
  const latest = history.at(-1);
  const base = { testcase, item, outcome: latest?.outcome ?? null, result_id: latest?.id ?? null, ref_url: latest?.refUrl ?? null, flaky: isFlaky(history), waiver: null };
  if (latest === undefined) return waiver ? { ...base, type: "test-result-missing-waived", waiver: waiverRef(waiver) } : { ...base, type: "test-result-missing" };
  if (PASSING.has(latest.outcome)) return { ...base, type: "test-result-passed" };
  // A waiver cannot speak for a test still under way (and /waive refuses one): wait for its result.
  if (PENDING.has(latest.outcome)) return { ...base, type: "test-result-running" };
  if (quarantined) return { ...base, type: "test-result-failed-quarantined", outcome: "NEEDS_INSPECTION" };
  const errored = !FAILING.has(latest.outcome);
  if (waiver) return { ...base, type: errored ? "test-result-errored-waived" : "test-result-failed-waived", waiver: waiverRef(waiver) };
  return { ...base, type: errored ? "test-result-errored" : "test-result-failed" };
}

const SATISFIED_TYPES: ReadonlySet<string> = new Set<SatisfiedType>([
  "test-result-passed",
  "test-result-failed-waived",
  "test-result-errored-waived",
  "test-result-missing-waived",
  "test-result-failed-quarantined",
]);

function isSatisfied(req: Judged): req is Requirement<SatisfiedType> {
  return SATISFIED_TYPES.has(req.type);
}

function newestWaiver(waivers: Waiver[], testcase: string): Waiver | null {
  const matching = waivers.filter((w) => w.testcase === testcase).sort(byTime);
  return matching.at(-1) ?? null;
}

function waiverRef(w: Waiver): WaiverRef {
  return { id: w.id, by: w.by, reason: w.reason, context: w.context, expires_at: w.expiresAt.toISOString() };
}

/** Oldest first; ties (same millisecond) in id order, which is arrival order. */
function byTime(a: { createdAt: Date; id: number }, b: { createdAt: Date; id: number }): number {
  return a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id;
}
