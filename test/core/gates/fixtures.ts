/** Builders for gating tests: results and waivers on one item, timed in minutes after T0. */
import type { GatePolicy } from "../../../src/config/schema.js";
import type { Outcome, Result, Waiver } from "../../../src/core/gates/index.js";

export const SHA = "a".repeat(40);
export const OTHER = "b".repeat(40);
export const T0 = new Date("2026-06-01T12:00:00Z");
export const at = (minute: number) => new Date(T0.getTime() + minute * 60_000);
export const LATER = at(1000);

let nextId = 1;

export function result(testcase: string, outcome: Outcome, minute = 0, over: Partial<Result> = {}): Result {
  return { id: nextId++, repository: "o/r", testcase, item: SHA, outcome, source: "api", refUrl: null, note: null, createdAt: at(minute), ...over };
}

export function waiver(testcase: string, minute = 0, over: Partial<Waiver> = {}): Waiver {
  return {
    id: nextId++,
    repository: "o/r",
    testcase,
    item: SHA,
    context: null,
    reason: "known breakage",
    by: "alice",
    createdAt: at(minute),
    expiresAt: at(minute + 7 * 24 * 60),
    revokedAt: null,
    revokedBy: null,
    ...over,
  };
}

export function policy(require: string[], over: Partial<GatePolicy> = {}): GatePolicy {
  return { require, quarantine: [], ...over };
}
