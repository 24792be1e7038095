/**
 * The narrow port through which signalbox talks to GitHub. The effects runner and the fact
 * gatherers use only this; the Octokit adapter implements it, and tests may swap it.
 */
import type { PullRequestFacts } from "../core/runs/decide-runs.js";
import type { CommitStatus } from "../core/board/effects.js";
import type { CheckConclusion, RepoRef, UpsertCheckRunEffect } from "../core/types.js";

export interface CheckRunView {
  id: number;
  name: string;
  headSha: string;
  status: "queued" | "in_progress" | "completed";
  conclusion: CheckConclusion | null;
  title: string | null;
  summary: string | null;
  text: string | null;
}

/** What a check run shows: the effect without its routing fields. */
export type CheckRunWrite = Omit<UpsertCheckRunEffect, "kind" | "repo">;

export interface GitHubPort {
  /** The raw text of a file at a ref (default: the default branch), or null when it does not exist there. */
  readFile(repo: RepoRef, path: string, ref?: string): Promise<string | null>;
  /**
   * The configuration after following `_extends` (Probot's config loader, deep-merged),
   * read from the default branch.
   */
  resolveConfig(repo: RepoRef, path: string): Promise<unknown>;
  /** The newest check run by this app with `name` on `sha`, if any. */
  findCheckRun(repo: RepoRef, sha: string, name: string): Promise<CheckRunView | undefined>;
  createCheckRun(repo: RepoRef, run: CheckRunWrite): Promise<CheckRunView>;
  updateCheckRun(repo: RepoRef, id: number, run: CheckRunWrite): Promise<CheckRunView>;
  createCommitStatus(repo: RepoRef, status: CommitStatusWrite): Promise<void>;
  /** The user's permission on the repository: admin, maintain, write, triage, read or none. */
  getPermission(repo: RepoRef, login: string): Promise<string>;
  getPullRequest(repo: RepoRef, number: number): Promise<PullRequestView | undefined>;
  /** Open pull requests whose head is this commit. */
  openPullsForCommit(repo: RepoRef, sha: string): Promise<number[]>;
  /** When a commit was made (its committer date), or null when GitHub has no such commit. */
  getCommitDate(repo: RepoRef, sha: string): Promise<Date | null>;
  /** The head commit of a branch (the default branch when omitted). */
  getBranchHead(repo: RepoRef, branch?: string): Promise<{ branch: string; sha: string }>;
  /** Dispatches a workflow; GitHub answers with the run it started when it can. */
  dispatchWorkflow(repo: RepoRef, workflow: string, ref: string, inputs: Record<string, string>): Promise<{ workflowRunId?: number; url?: string }>;
  cancelWorkflowRun(repo: RepoRef, workflowRunId: number): Promise<void>;
  /**
   * Comments once: the body carries the hidden `marker`, and a comment already carrying it (an
   * earlier attempt whose answer was lost) counts as done.
   */
  createComment(repo: RepoRef, issueNumber: number, body: string, marker: string): Promise<void>;
  addReaction(repo: RepoRef, commentId: number, content: "+1" | "-1" | "eyes" | "rocket" | "confused"): Promise<void>;
}

export type PullRequestView = PullRequestFacts;

export type CommitStatusWrite = CommitStatus;

/** Calls made as the app itself (JWT), not as an installation. */
export interface AppPort {
  /** The installation that covers the repository, or null when the app is not installed there. */
  findInstallationId(owner: string, repo: string): Promise<number | null>;
  /** Whether the repository is public or private, read through its installation; null when the app is not installed there. */
  repositoryVisibility?(owner: string, repo: string): Promise<"public" | "private" | null>;
}

/** Gives the port for one installation (an installation token is minted and reused per id). */
export type GitHubPortFactory = (installationId: number) => Promise<GitHubPort>;
