/**
 * A pipeline run: one pipeline of `.github/signalbox.yml` running for one commit. It is plain
 * data, stored as JSON, changed only by the pure functions in src/core/runs/.
 */
import type { JobStatus, PipelineResult } from "../pipeline/types.js";
import type { RepoRef } from "../types.js";

export type { JobStatus } from "../pipeline/types.js";
export type RunStatus = PipelineResult;

export interface JobRun {
  status: JobStatus;
  /** ISO timestamps. */
  startedAt?: string;
  finishedAt?: string;
  /** The GitHub Actions run a `workflow:` job follows. */
  workflowRunId?: number;
  /** Where a reviewer reads the job's log. */
  url?: string;
  /** Why the job was skipped, cancelled or failed, in a reviewer's words. */
  reason?: string;
}

/** What started the run, and what it needs to act on GitHub. */
export interface RunTrigger {
  kind: "label" | "pull_request" | "push" | "tag" | "schedule" | "comment" | "train";
  /** The label (label trigger), branch (push/schedule), tag (tag trigger), or the train's purpose (gate, nightly, package). */
  name?: string;
  prNumber?: number;
  /** Who started it (label, comment). */
  actor?: string;
}

export interface PipelineRun {
  /** Derived from the journal entry that created it, so re-processing creates the same id. */
  id: string;
  repo: RepoRef;
  pipeline: string;
  sha: string;
  trigger: RunTrigger;
  /** The branch workflows are dispatched on (the PR's head branch, or its base for forks). */
  dispatchRef: string;
  /** From a fork or an untrusted author: later pushes must be looked at before they run. */
  boundToSha: boolean;
  status: RunStatus;
  jobs: Record<string, JobRun>;
  /** Manual jobs someone started. */
  played: string[];
  /** Commit statuses and check runs already seen on the sha, for `status:`/`check:` jobs not yet started. */
  observed: Record<string, { state: "success" | "failed"; url?: string }>;
  /** When the earliest running job times out (ISO), so a timer can wake the run. */
  nextDeadline?: string;
  /** 1 for the first run; each re-run of failed jobs adds one. */
  attempt: number;
  createdAt: string;
  updatedAt: string;
}

export const FINISHED_JOB: ReadonlySet<JobStatus> = new Set(["success", "failed", "canceled", "skipped", "timed_out"]);
export const FINISHED_RUN: ReadonlySet<RunStatus> = new Set(["success", "failed", "canceled"]);
