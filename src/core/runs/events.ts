/** Domain events that drive pipeline runs (a part of the one `Event` union, src/core/events.ts). */
import type { StartPipelineEffect } from "../train/effects.js";
import type { RepoRef } from "../types.js";

export interface Sender {
  login: string;
  isBot: boolean;
}

export interface PullRequestEvent {
  kind: "pullRequest";
  repo: RepoRef;
  action: "opened" | "reopened" | "synchronize" | "labeled" | "unlabeled" | "closed";
  number: number;
  headSha: string;
  headRef: string;
  baseRef: string;
  /** The head branch lives in another repository. */
  fork: boolean;
  /** The label added or removed (labeled/unlabeled). */
  label?: string;
  labels: string[];
  sender: Sender;
}

export interface WorkflowRunEvent {
  kind: "workflowRun";
  repo: RepoRef;
  action: "requested" | "in_progress" | "completed";
  workflowRunId: number;
  /** The workflow's file name, e.g. deploy.yml. */
  workflow: string;
  headSha: string;
  conclusion: string | null;
  url: string;
  /** The branch the run ran on, and whether that branch is in another repository (a fork's). */
  headBranch?: string;
  fromOtherRepository?: boolean;
}

/** A commit status (`status:` jobs) or another app's check run (`check:` jobs) on a commit. */
export interface CommitResultEvent {
  kind: "commitResult";
  repo: RepoRef;
  source: "status" | "check";
  sha: string;
  name: string;
  state: "pending" | "success" | "failed";
  url?: string;
  /** The slug of the GitHub App that made the check run (checks only). */
  app?: string;
}

/** Someone pressed a button on, or "Re-run" of, one of signalbox's pipeline check runs. */
export interface CheckActionEvent {
  kind: "checkAction";
  repo: RepoRef;
  pipeline: string;
  sha: string;
  /** "rerun-failed" (also GitHub's own Re-run), "cancel", or "run:<job>". */
  action: string;
  sender: Sender;
}

export interface CommandEvent {
  kind: "command";
  repo: RepoRef;
  prNumber: number;
  commentId: number;
  /** When the comment was written (GitHub's `created_at`, ISO): the head the commenter looked at is the head then. */
  commentedAt: string;
  command: "retest" | "test" | "cancel" | "run";
  argument?: string;
  sender: Sender;
}

/** A push to a branch or a new tag: starts `on: { push }` and `on: { tag }` pipelines. */
export interface RefPushEvent {
  kind: "refPush";
  repo: RepoRef;
  ref: "branch" | "tag";
  name: string;
  sha: string;
}

/** A timer: re-check the repository's active runs (job timeouts). */
export interface TickEvent {
  kind: "tick";
  repo: RepoRef;
}

/** A schedule fired: run the pipeline on the head of `branch` (its sha is a gathered fact). */
export interface ScheduleEvent {
  kind: "schedule";
  repo: RepoRef;
  pipeline: string;
  branch: string;
  sha?: string;
}

/** The reconcile found a running job without a result for too long (src/core/reconcile/). */
export interface JobTimeoutEvent {
  kind: "jobTimeout";
  repo: RepoRef;
  runId: string;
  job: string;
  /** When the job started (ISO): a job re-run since then is not the one that waited. */
  startedAt: string;
  /** How long it was allowed, as written in the reason, e.g. "60m". */
  limit: string;
}

/** The release train asks for a pipeline run (its gate, nightly gate, or package pipeline). */
export type StartPipelineEvent = StartPipelineEffect;

export type RunEvent =
  | StartPipelineEvent
  | PullRequestEvent
  | WorkflowRunEvent
  | CommitResultEvent
  | CheckActionEvent
  | CommandEvent
  | RefPushEvent
  | TickEvent
  | ScheduleEvent
  | JobTimeoutEvent;

/** Commit statuses and check conclusions reduced to what a job needs. */
export function parseResultState(state: unknown): CommitResultEvent["state"] {
  // A neutral or skipped check did not fail, so a job waiting on it passes.
  if (state === "success" || state === "neutral" || state === "skipped") return "success";
  if (state === "pending" || state === null || state === undefined) return "pending";
  return "failed";
}
