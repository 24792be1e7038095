/**
 * Turns what each source reports into a ResultsDB outcome. Null means "not a result": nothing is
 * recorded (e.g. a skipped check run, which must not count as a pass for a required test).
 */
import { OUTCOMES, type Outcome } from "./types.js";

/** An outcome as the API takes it: any case, e.g. "passed" or "PASSED". */
export function parseOutcome(text: string): Outcome | null {
  const upper = text.trim().toUpperCase();
  return (OUTCOMES as readonly string[]).includes(upper) ? (upper as Outcome) : null;
}

/** A commit status's state. */
export function parseStatusOutcome(state: string): Outcome | null {
  const map: Record<string, Outcome> = { success: "PASSED", failure: "FAILED", error: "ERROR", pending: "RUNNING" };
  return map[state] ?? null;
}

const CONCLUSIONS: Record<string, Outcome | null> = {
  success: "PASSED",
  failure: "FAILED",
  // GitHub's branch protection treats neutral as passing; ResultsDB's INFO passes too.
  neutral: "INFO",
  // The test did not finish: no verdict on the code, so an error to re-run or waive.
  cancelled: "ERROR",
  timed_out: "ERROR",
  startup_failure: "ERROR",
  action_required: "NEEDS_INSPECTION",
  // Did not run: recording nothing leaves a required test missing rather than passed.
  skipped: null,
  stale: null,
};

/** A check run's status and conclusion (conclusion only counts once completed). */
export function parseCheckRunOutcome(status: string, conclusion: string | null): Outcome | null {
  if (status === "in_progress") return "RUNNING";
  if (status !== "completed") return "QUEUED"; // queued, requested, waiting, pending
  return conclusion === null ? null : (CONCLUSIONS[conclusion] ?? null);
}

/** A workflow run's (or workflow job's) status and conclusion: the same words as check runs. */
export function parseWorkflowRunOutcome(status: string, conclusion: string | null): Outcome | null {
  return parseCheckRunOutcome(status, conclusion);
}

/** A board build's status (POST /api/build_status). */
export function parseBuildOutcome(status: "building" | "successful" | "failed"): Outcome {
  return status === "building" ? "RUNNING" : status === "successful" ? "PASSED" : "FAILED";
}
