/**
 * The release train's state and the facts its decisions read. The state holds only what GitHub
 * cannot tell again cheaply (what the release head is waiting for, pause, the PRs on their way);
 * tags, releases and permissions arrive as facts, so a lost store loses no release.
 */
import type { TrainConfig } from "../../config/schema.js";
import type { Permission } from "../runs/decide-runs.js";
import type { RepoRef } from "../types.js";
import type { TagRef } from "../versions/tag-scheme.js";
import type { TrainEffect } from "./effects.js";

export interface MergedPr {
  number: number;
  title: string;
  author: string;
  labels: string[];
}

/** One required result: a gate pipeline, a gating policy, or one test. */
export interface GateOutcome {
  name: string;
  passed: boolean;
  summary: string;
  url?: string;
}

export interface GateReport {
  status: "running" | "passed" | "failed";
  nightly: boolean;
  /** ISO time of the last change. */
  at: string;
  outcomes: GateOutcome[];
}

/** The release branch head the train made, and how far it got. */
export interface ReleaseHead {
  sha: string;
  /** PRs merged since the previous test tag. */
  prs: MergedPr[];
  gate: GateReport | null;
  testTag: string | null;
  releaseTag: string | null;
  /** A one-off line for the check run, e.g. why a button press did nothing. */
  note?: string;
}

export interface TrainState {
  head: ReleaseHead | null;
  /** Pushes to the source not yet on the release branch, oldest first (merging in flight, queued or blocked). */
  pending: Array<{ sourceSha: string; prs: MergedPr[] }>;
  paused: { reason: string; by: string; at: string } | null;
  blocked: { sourceSha: string; at: string; issueOpened: boolean } | null;
  /** A test tag being created; retried under the next name when taken. */
  tagging: { sha: string; name: string; attempts: number } | null;
  /** Where each PR got to, for its comment; dropped once it reaches production. */
  prStages: Record<string, PrStage>;
}

/** How far one merged PR got, and the PR itself, so a release can name it without asking GitHub. */
export interface PrStage {
  testTag: string;
  releaseTag?: string;
  /** Absent in states saved before the train kept it. */
  pr?: MergedPr;
}

export function initialTrainState(): TrainState {
  return { head: null, pending: [], paused: null, blocked: null, tagging: null, prStages: {} };
}

/** Facts every train decision reads. */
export interface TrainSetup {
  repo: RepoRef;
  config: TrainConfig;
  /** `config.source`, or the repository's default branch. */
  sourceBranch: string;
  /** A `gates.test_tag` policy is configured. */
  testTagPolicy: boolean;
  /** The pipeline that runs on release tags (it may upload assets), or null. */
  packagePipeline: string | null;
  /** The repository's test and release tags, read from GitHub. */
  tags: TagRef[];
}

export interface Actor {
  login: string;
  permission: Permission;
}

/** A release as GitHub lists it. */
export interface ReleaseFact {
  id: number;
  tag: string;
  sha: string;
  draft: boolean;
  prerelease: boolean;
  /** ISO time it became a pre-release (published_at); null for a draft. */
  publishedAt: string | null;
}

export interface TrainDecision {
  state: TrainState;
  effects: TrainEffect[];
  reason: string;
  /** When the train wants to be asked again (e.g. the end of a soak), ISO. */
  wakeAt?: string;
}

export function unchanged(state: TrainState, reason: string): TrainDecision {
  return { state, effects: [], reason };
}

export function canWrite(actor: Actor): boolean {
  return actor.permission === "admin" || actor.permission === "maintain" || actor.permission === "write";
}

export const TRAIN_CHECK = "signalbox/train";
export const PROMOTE_CHECK = "signalbox/promote";
/** Check-run button identifiers (GitHub allows 20 characters). */
export const RELEASE_ACTION = "train-release";
export const PROMOTE_ACTION = "train-promote";
