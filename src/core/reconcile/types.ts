/**
 * What the periodic reconcile reads (from GitHub and the store) and what it answers: synthetic
 * journal entries, each with an id naming what it reconciles so every replica records it once.
 */
import type { Event } from "../events.js";
import type { Pipeline } from "../pipeline/types.js";
import type { PipelineRun } from "../runs/types.js";
import type { TrainState } from "../train/state.js";
import type { RepoRef } from "../types.js";

/** An entry to journal: the events the lost delivery meant, in the order their handlers run. */
export interface ReconcileEntry {
  id: string;
  events: Event[];
  /** One line for logs and the report: what was missed. */
  why: string;
}

/** An open pull request as GitHub lists it, with who added each of its labels and when. */
export interface OpenPull {
  number: number;
  headSha: string;
  headRef: string;
  baseRef: string;
  fork: boolean;
  labels: string[];
  /** When the PR last changed (a push to it moves this). */
  updatedAt: string;
  /** The newest "labeled" event per label: its actor (null when GitHub no longer names one). */
  labelers: Record<string, { login: string | null; bot?: boolean; at: string }>;
  /**
   * A fork's head that may need starting: when it was pushed (when signalbox heard it, else its
   * committer date), so a label is never replayed onto a commit pushed after it; null: unknown.
   */
  headPushedAt?: string | null;
}

/** A GitHub Actions run that a running `workflow:` job follows. */
export interface WorkflowRunFact {
  id: number;
  /** The workflow's file name, e.g. deploy.yml. */
  workflow: string;
  headSha: string;
  status: string;
  conclusion: string | null;
  url: string;
  updatedAt: string;
}

/** A commit status or check run on a commit a running `status:`/`check:` job waits on. */
export interface CommitResultFact {
  source: "status" | "check";
  sha: string;
  /** The status context or the check run's name. */
  name: string;
  /** GitHub's id of the status or check run, so a newer one is reconciled again. */
  id: number;
  /** success, failure, error, pending (statuses); a conclusion or null while running (checks). */
  state: string | null;
  url: string | null;
  at: string;
  /** The slug of the app that made a check run. */
  app?: string;
}

export interface TrainFacts {
  state: TrainState;
  sourceBranch: string;
  releaseBranch: string;
  /** The head commits of both branches on GitHub (null: the branch does not exist). */
  sourceHead: string | null;
  releaseHead: string | null;
  /** How many commits the source has that the release branch has not. */
  sourceAhead: number;
  /** The paths those commits changed (null: unknown), so the replayed push is checked like the lost one. */
  sourceChanges: string[] | null;
  /** When the source head was committed (null: not read), so a push just made is left to its webhook. */
  sourceCommittedAt: string | null;
  /** The release branch still holds the train's head (people may have pushed on top of it). */
  releaseHoldsHead: boolean;
  /** The soak (ms) after which a pre-release is promoted on its own, or null without `auto`. */
  autoPromoteAfterMs: number | null;
  /** Published pre-releases (drafts are excluded: their package pipeline has not passed). */
  preReleases: Array<{ tag: string; publishedAt: string }>;
}

export interface ReconcileFacts {
  repo: RepoRef;
  defaultBranch: string;
  now: Date;
  /** Changes younger than this are left to their webhook, which may still be on its way. */
  settleMs: number;
  /** How long a job without its own `timeout` may wait for its result. */
  defaultJobTimeoutMs: number;
  pipelines: Record<string, Pipeline>;
  /** The repository's active runs and the runs of its open pull requests. */
  runs: PipelineRun[];
  pulls: OpenPull[];
  workflowRuns: WorkflowRunFact[];
  results: CommitResultFact[];
  train: TrainFacts | null;
}
