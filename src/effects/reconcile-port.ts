/** The reads the periodic reconcile makes on GitHub: installations, open PRs, runs and results. */
import type { CommitResultFact, OpenPull, WorkflowRunFact } from "../core/reconcile/types.js";
import type { RepoRef } from "../core/types.js";

export interface ReconcilePort {
  /** Open pull requests, without their labelers (see `labelers`). */
  listOpenPulls(repo: RepoRef): Promise<Array<Omit<OpenPull, "labelers">>>;
  /** Who added each label of an issue or PR last, and when (its issue events). */
  labelers(repo: RepoRef, number: number): Promise<OpenPull["labelers"]>;
  getWorkflowRun(repo: RepoRef, id: number): Promise<WorkflowRunFact | null>;
  /** The commit statuses and check runs on a commit. */
  listResults(repo: RepoRef, sha: string): Promise<CommitResultFact[]>;
  /** Paths `head` changed since `base` (GitHub's compare), or null when GitHub cannot list them all. */
  changedPaths(repo: RepoRef, base: string, head: string): Promise<string[] | null>;
  /** When a commit was committed (its committer date). */
  committedAt(repo: RepoRef, sha: string): Promise<string | null>;
}

/** Calls made as the app (JWT): every repository of every installation. */
export interface InstallationsPort {
  listRepositories(): Promise<Array<RepoRef & { defaultBranch: string }>>;
}
