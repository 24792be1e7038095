/**
 * What the release train asks of the world, as plain data. Each kind names the GitHub REST call
 * the effects runner makes for it (src/effects/apply-train.ts); `startPipeline` and
 * `evaluateGate` stay inside signalbox, and the runner hands them to the entry's handlers.
 */
import type { CommentEffect, ReactEffect, RepoRef, UpsertCheckRunEffect } from "../types.js";

/** POST /repos/{owner}/{repo}/merges — with retries off (Octokit retries 409). Answer: 201, 204, 404 or 409. */
export interface MergeBranchEffect {
  kind: "mergeBranch";
  repo: RepoRef;
  base: string;
  /** The source commit's SHA, so the merge takes exactly what was pushed. */
  head: string;
  commitMessage: string;
}

/** POST /repos/{owner}/{repo}/git/refs { ref: "refs/heads/<branch>", sha }. */
export interface CreateBranchEffect {
  kind: "createBranch";
  repo: RepoRef;
  branch: string;
  sha: string;
}

/**
 * A lightweight tag: POST /repos/{owner}/{repo}/git/refs { ref: "refs/tags/<name>", sha }.
 * On 422 "Reference already exists" the runner reads the ref and answers exists-same-sha
 * (done) or exists-other-sha (the train retries with the next name).
 */
export interface CreateTagEffect {
  kind: "createTag";
  repo: RepoRef;
  name: string;
  sha: string;
}

/** POST /repos/{owner}/{repo}/releases. */
export interface CreateReleaseEffect {
  kind: "createRelease";
  repo: RepoRef;
  tagName: string;
  name: string;
  body: string;
  prerelease: boolean;
  draft: boolean;
  /** Only a promotion makes a release the latest: always "false" here. */
  makeLatest: "false";
}

/** PATCH /repos/{owner}/{repo}/releases/{release_id}; only the fields present are sent. */
export interface UpdateReleaseEffect {
  kind: "updateRelease";
  repo: RepoRef;
  releaseId: number;
  /** For logs and idempotency keys. */
  tagName: string;
  draft?: boolean;
  prerelease?: boolean;
  makeLatest?: "true" | "false";
}

/** POST /repos/{owner}/{repo}/issues. */
export interface OpenIssueEffect {
  kind: "openIssue";
  repo: RepoRef;
  title: string;
  body: string;
}

/** POST /repos/{owner}/{repo}/issues/{n}/comments with `comment`, then PATCH /issues/{n} { state: "closed" }. */
export interface CloseIssueEffect {
  kind: "closeIssue";
  repo: RepoRef;
  issueNumber: number;
  comment: string;
}

/**
 * One comment per issue or PR, edited in place: GET /issues/{n}/comments, find the app's comment
 * whose body contains `marker`, then PATCH /issues/comments/{id}, or POST a new one.
 */
export interface UpsertCommentEffect {
  kind: "upsertComment";
  repo: RepoRef;
  issueNumber: number;
  marker: string;
  body: string;
}

/** Not a GitHub call: start a pipeline run (the gate, or `package` on a release tag). */
export interface StartPipelineEffect {
  kind: "startPipeline";
  repo: RepoRef;
  pipeline: string;
  sha: string;
  /** The branch or tag the workflows are dispatched on. */
  ref: string;
  purpose: "gate" | "nightly" | "package";
}

/** Not a GitHub call: evaluate a gating policy (`gates.<context>`) on a commit and report back. */
export interface EvaluateGateEffect {
  kind: "evaluateGate";
  repo: RepoRef;
  context: "test_tag" | "promote";
  sha: string;
}

export type TrainEffect =
  | MergeBranchEffect
  | CreateBranchEffect
  | CreateTagEffect
  | CreateReleaseEffect
  | UpdateReleaseEffect
  | OpenIssueEffect
  | CloseIssueEffect
  | UpsertCommentEffect
  | StartPipelineEffect
  | EvaluateGateEffect
  | UpsertCheckRunEffect
  | CommentEffect
  | ReactEffect;

/** The train's effects that write to GitHub through the train port. */
export type TrainGitHubEffect = Exclude<TrainEffect, { kind: "startPipeline" | "evaluateGate" | "upsertCheckRun" | "comment" | "react" }>;
