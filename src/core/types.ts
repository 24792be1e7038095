/**
 * The domain language shared by intake, core and effects.
 * Everything here is plain data: events come in, decisions (effects) go out.
 */

/** A repository as the app sees it: where it lives and which installation may act on it. */
export interface RepoRef {
  owner: string;
  repo: string;
  installationId: number;
}

/** Key used to serialise work per repository, e.g. "octo-org/app". */
export function repoKey(ref: Pick<RepoRef, "owner" | "repo">): string {
  return `${ref.owner}/${ref.repo}`.toLowerCase();
}

/** A push to a branch, reduced to what the config check needs. */
export interface PushEvent {
  kind: "push";
  repo: RepoRef;
  branch: string;
  defaultBranch: string;
  before: string;
  after: string;
  /** Paths added, modified or removed by the pushed commits. */
  changedPaths: string[];
  /** False when the payload cannot list every change (truncated commit list, new branch, force push). */
  changesComplete: boolean;
  /** The push deleted the branch. */
  deleted: boolean;
  /** The pusher's login; used to ignore pushes the app made itself. */
  sender: string;
}

/** A webhook the app accepts but has nothing to do for; kept so "ignored" is a decision. */
export interface IgnoredEvent {
  kind: "ignored";
  repo: RepoRef | null;
  reason: string;
}

/** A pull request opened or pushed to: its config file, if it changes it, is checked. */
export interface ConfigPullRequestEvent {
  kind: "configPullRequest";
  action: string;
  headSha: string;
}

/** Conclusions a check run can end with. */
export type CheckConclusion =
  | "success"
  | "failure"
  | "neutral"
  | "cancelled"
  | "skipped"
  | "timed_out"
  | "action_required";

/** A line-anchored note shown on the "Files changed" view of a check run. */
export interface CheckAnnotation {
  path: string;
  startLine: number;
  endLine: number;
  level: "notice" | "warning" | "failure";
  message: string;
  title?: string;
}

/** Create the named check run on a commit, or update it if one by that name exists. */
export interface UpsertCheckRunEffect {
  kind: "upsertCheckRun";
  repo: RepoRef;
  name: string;
  headSha: string;
  status: "queued" | "in_progress" | "completed";
  conclusion?: CheckConclusion;
  title: string;
  summary: string;
  text?: string;
  annotations?: CheckAnnotation[];
  /** Buttons (at most 3): identifier ≤ 20 chars, label ≤ 20, description ≤ 40. */
  actions?: CheckAction[];
}

export interface CheckAction {
  identifier: string;
  label: string;
  description: string;
}

/** Start a GitHub Actions workflow for a pipeline job; its run id is recorded on the job. */
export interface DispatchWorkflowEffect {
  kind: "dispatchWorkflow";
  repo: RepoRef;
  workflow: string;
  ref: string;
  inputs: Record<string, string>;
  runId: string;
  job: string;
}

export interface CancelWorkflowRunEffect {
  kind: "cancelWorkflowRun";
  repo: RepoRef;
  workflowRunId: number;
}

export interface CommentEffect {
  kind: "comment";
  repo: RepoRef;
  issueNumber: number;
  body: string;
}

export interface ReactEffect {
  kind: "react";
  repo: RepoRef;
  commentId: number;
  content: "+1" | "-1" | "eyes" | "rocket" | "confused";
}

/** What pipelines, gates and the config check ask of GitHub; one part of the one `Effect` union (core/effects.ts). */
export type PipelineEffect = UpsertCheckRunEffect | DispatchWorkflowEffect | CancelWorkflowRunEffect | CommentEffect | ReactEffect;

/** What the core decided for one event. An empty effect list is still a decision with a reason. */
export interface Decision {
  effects: PipelineEffect[];
  reason: string;
}
