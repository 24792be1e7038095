/**
 * Types of the pure pipeline scheduler. Statuses mirror GitLab CI's job statuses so that the
 * semantics (and the differential test against gitlab-ci-local) map one to one.
 */
import type { Pipeline } from "../../config/schema-pipelines.js";

export type { Pipeline, Job } from "../../config/schema-pipelines.js";

export const JOB_STATUSES = [
  "created",
  "manual",
  "running",
  "success",
  "failed",
  "canceled",
  "skipped",
  "timed_out",
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/**
 * running: something runs or can still start without anyone's help.
 * manual: nothing runs; only unplayed manual jobs (and jobs that need them) remain (GitLab: "blocked").
 * success / failed / canceled: final.
 */
export type PipelineResult = "running" | "manual" | "success" | "failed" | "canceled";

export interface SchedulerInput {
  pipeline: Pipeline;
  /** Current status per job name; a job missing here counts as "created". */
  jobs: Readonly<Record<string, JobStatus>>;
  /** Manual jobs someone started (button, `/run <job>`); they start once their prerequisites allow. */
  played?: readonly string[];
}

export interface SkippedJob {
  job: string;
  /** Human reason for the check-run summary, e.g. "needs build-images, which failed". */
  reason: string;
}

export interface ScheduleStep {
  /** Jobs whose prerequisites are met: start them now (set them "running"). */
  start: string[];
  /** Jobs that will never run (set them "skipped"). */
  skip: SkippedJob[];
  /** Jobs now waiting for someone to start them (set them "manual"). */
  manual: string[];
  /** The pipeline's overall result once the lists above are applied. */
  result: PipelineResult;
}

/** One row for display: check-run summaries list jobs stage by stage, in the order they can run. */
export interface JobRow {
  stage: string;
  job: string;
  /** undefined: waits for every job of earlier stages; []: starts at once. */
  needs: string[] | undefined;
  when: Pipeline["jobs"][string]["when"];
  allowFailure: boolean;
}
