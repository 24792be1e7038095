/**
 * GitLab's `when` rules (Ci::ProcessBuildService): given the folded status of what a job waits
 * for, does it start, wait for a play, or get skipped, and why.
 */
import type { Job } from "./types.js";
import type { PriorStatus } from "./prior-status.js";

export type JobDecision =
  | { kind: "wait" }
  | { kind: "start" }
  | { kind: "manual" }
  | { kind: "skip"; reason: string };

type Done = Extract<PriorStatus, { kind: "done" }>;

/** Prior statuses that let each `when` run; with needs, a skipped need is not a success. */
function runsAfter(when: Job["when"], prior: Done["status"], usesNeeds: boolean): boolean {
  switch (when) {
    case "on_success":
    case "manual":
      return prior === "success" || (!usesNeeds && prior === "skipped");
    case "on_failure":
      return prior === "failed";
    case "always":
      return prior !== "canceled";
  }
}

export function decideJob(job: Job, prior: PriorStatus, played: boolean): JobDecision {
  if (prior.kind === "wait") return { kind: "wait" };
  const usesNeeds = job.needs !== undefined;
  if (!runsAfter(job.when, prior.status, usesNeeds)) return { kind: "skip", reason: skipReason(job, prior, usesNeeds) };
  if (job.when === "manual" && !played) return { kind: "manual" };
  return { kind: "start" };
}

function skipReason(job: Job, prior: Done, usesNeeds: boolean): string {
  if (job.when === "on_failure" && prior.status !== "canceled") {
    return usesNeeds ? "when: on_failure, and nothing it needs failed" : "when: on_failure, and no earlier job failed";
  }
  const culprit = prior.culprit ?? "an earlier job";
  const what = prior.status === "skipped" ? "was skipped" : prior.status === "canceled" ? "was canceled" : "failed";
  return usesNeeds ? `needs ${culprit}, which ${what}` : `${culprit} ${what} in an earlier stage`;
}
