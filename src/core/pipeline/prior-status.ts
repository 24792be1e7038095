/**
 * What a job waits for, folded into one status, the way GitLab's pipeline processing does it
 * (Gitlab::Ci::Status::Composite): a failure that is allowed counts as success, an unplayed
 * manual job is ignored by stage ordering, and for `needs` a skipped need makes the result
 * "skipped" (GitLab MR 39205: a job never runs after a need that did not run).
 */
import type { JobStatus } from "./types.js";

/** One job as its dependents see it. */
export type Outcome = "pending" | "unplayed" | "success" | "failed" | "canceled" | "skipped";

export type PriorStatus =
  | { kind: "wait" }
  | { kind: "done"; status: "success" | "failed" | "canceled" | "skipped"; culprit?: string };

export function outcomeOf(status: JobStatus, allowFailure: boolean, played: boolean): Outcome {
  switch (status) {
    case "created":
    case "running":
      return "pending";
    case "manual":
      return played ? "pending" : "unplayed";
    case "success":
      return "success";
    case "failed":
    case "timed_out":
    case "canceled":
      // GitLab: an allowed failure is "success with warnings"; an allowed cancel too.
      if (allowFailure) return "success";
      return status === "canceled" ? "canceled" : "failed";
    case "skipped":
      return "skipped";
  }
}

/** Counts over every job of a run of stages; stage ordering reads this instead of edges. */
export interface StageSummary {
  pending: number;
  success: number;
  skipped: number;
  unplayed: number;
  failed?: string;
  canceled?: string;
  failedCount: number;
  canceledCount: number;
}

export function emptySummary(): StageSummary {
  return { pending: 0, success: 0, skipped: 0, unplayed: 0, failedCount: 0, canceledCount: 0 };
}

export function addOutcome(summary: StageSummary, outcome: Outcome, job: string): void {
  if (outcome === "failed") {
    summary.failedCount++;
    summary.failed ??= job;
  } else if (outcome === "canceled") {
    summary.canceledCount++;
    summary.canceled ??= job;
  } else summary[outcome]++;
}

export function mergeSummaries(a: StageSummary, b: StageSummary): StageSummary {
  return {
    pending: a.pending + b.pending,
    success: a.success + b.success,
    skipped: a.skipped + b.skipped,
    unplayed: a.unplayed + b.unplayed,
    failed: a.failed ?? b.failed,
    canceled: a.canceled ?? b.canceled,
    failedCount: a.failedCount + b.failedCount,
    canceledCount: a.canceledCount + b.canceledCount,
  };
}

/** Status of all earlier stages; unplayed manual jobs do not hold later stages back. */
export function stagePriorStatus(prior: StageSummary): PriorStatus {
  if (prior.pending > 0) return { kind: "wait" };
  if (prior.failedCount > 0) return { kind: "done", status: "failed", culprit: prior.failed };
  if (prior.canceledCount > 0) return { kind: "done", status: "canceled", culprit: prior.canceled };
  if (prior.success > 0 || prior.skipped + prior.unplayed === 0) return { kind: "done", status: "success" };
  return { kind: "done", status: "skipped" };
}

/**
 * Status of a job's needs. Unlike GitLab, a job waits until every need has finished (GitLab
 * decides "skipped" as soon as one need is skipped, even while another still runs), and a need
 * on an unplayed manual job waits for the play (GitLab skips, then resets the job on play).
 */
export function needsPriorStatus(needs: readonly number[], outcomes: readonly Outcome[], names: readonly string[]): PriorStatus {
  let skipped: string | undefined;
  let failed: string | undefined;
  let canceled: string | undefined;
  for (const need of needs) {
    const outcome = outcomes[need]!;
    if (outcome === "pending" || outcome === "unplayed") return { kind: "wait" };
    if (outcome === "skipped") skipped ??= names[need];
    else if (outcome === "failed") failed ??= names[need];
    else if (outcome === "canceled") canceled ??= names[need];
  }
  if (skipped !== undefined) return { kind: "done", status: "skipped", culprit: skipped };
  if (failed !== undefined) return { kind: "done", status: "failed", culprit: failed };
  if (canceled !== undefined) return { kind: "done", status: "canceled", culprit: canceled };
  return { kind: "done", status: "success" };
}
