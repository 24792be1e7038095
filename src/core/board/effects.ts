/**
 * What the board asks of the outside world, as plain data: a build mirrored to GitHub as a
 * commit status, and the project-status webhook. The board outbox queues them; the effects
 * runner applies them.
 */
import type { RepoRef } from "../types.js";

/** A commit status as GitHub shows it beside a commit. */
export interface CommitStatus {
  sha: string;
  context: string;
  state: "pending" | "success" | "failure" | "error";
  targetUrl?: string | null;
  description?: string;
}

/** POST /repos/{owner}/{repo}/statuses/{sha}: a reported build, mirrored. */
export interface SetCommitStatusEffect {
  kind: "setCommitStatus";
  repo: RepoRef;
  status: CommitStatus;
}

/** The project-status webhook's payload: a JSON summary of the project's newest revisions. */
export interface ProjectStatusPayload {
  project_name: string;
  project_removed: boolean;
  latest_revisions: Array<{ hash: string; short_name: string; builds: Array<{ name: string; status: string }> }>;
}

/** A form POST of `payload` to the configured webhook URL. */
export interface SendProjectWebhookEffect {
  kind: "sendProjectWebhook";
  url: string;
  payload: ProjectStatusPayload;
}

export type BoardEffect = SetCommitStatusEffect | SendProjectWebhookEffect;
