/** The GitHub calls the release train needs: merges, refs, releases, issues and comments. */
import type { RepoRef } from "../core/types.js";

export type MergeOutcome = { status: 201; sha: string } | { status: 204 } | { status: 404 } | { status: 409; message: string };

/** Creating a ref that exists is not an error when it already points where we wanted. */
export type RefOutcome = "created" | "exists-same-sha" | "exists-other-sha";

export interface ReleaseView {
  id: number;
  tagName: string;
  name: string | null;
  prerelease: boolean;
  draft: boolean;
  url: string;
  createdAt: string;
  /** When it was published (null for a draft). */
  publishedAt: string | null;
}

export interface MergedPull {
  number: number;
  title: string;
  author: string;
  labels: string[];
  url: string;
}

export interface ReleaseWrite {
  tagName: string;
  name: string;
  body: string;
  prerelease: boolean;
  draft: boolean;
  targetSha: string;
}

export interface TrainPort {
  /** Merges `head` into `base` (GitHub's merges API): 201 merged, 204 nothing new, 404 base missing, 409 conflict. */
  mergeBranch(repo: RepoRef, base: string, head: string, message: string): Promise<MergeOutcome>;
  /** Creates `refs/<ref>` (e.g. "tags/test-2026.11.22-1", "heads/release") at `sha`. */
  createRef(repo: RepoRef, ref: string, sha: string): Promise<RefOutcome>;
  /** The sha a ref points at, or null. */
  getRefSha(repo: RepoRef, ref: string): Promise<string | null>;
  /** Tags whose names start with `prefix`, with the commit each points at. */
  listTags(repo: RepoRef, prefix: string): Promise<Array<{ name: string; sha: string }>>;
  /** Creates the release, or returns the one that already exists for the tag (a lost answer retried). */
  createRelease(repo: RepoRef, release: ReleaseWrite): Promise<ReleaseView>;
  getReleaseByTag(repo: RepoRef, tag: string): Promise<ReleaseView | null>;
  updateRelease(repo: RepoRef, id: number, patch: { prerelease?: boolean; draft?: boolean; makeLatest?: boolean; body?: string }): Promise<ReleaseView>;
  listReleases(repo: RepoRef): Promise<ReleaseView[]>;
  /** The number of an open issue the app opened whose title starts with `titlePrefix`. */
  findOpenIssue(repo: RepoRef, titlePrefix: string): Promise<number | null>;
  createIssue(repo: RepoRef, title: string, body: string): Promise<number>;
  closeIssue(repo: RepoRef, issueNumber: number, comment: string): Promise<void>;
  /** Edits the app's comment carrying `marker` on the issue or PR, or creates it. */
  upsertComment(repo: RepoRef, issueNumber: number, marker: string, body: string): Promise<void>;
  /** How many commits `head` has that `base` has not. */
  commitsBetween(repo: RepoRef, base: string, head: string): Promise<number>;
  /** Pull requests merged between two commits (base exclusive), oldest first. */
  mergedPullsBetween(repo: RepoRef, base: string | null, head: string): Promise<MergedPull[]>;
}

/** What a train effect's write answered; the train reads it back as an event (merged, tag taken, …). */
export type TrainEffectResult = MergeOutcome | { ref: RefOutcome } | { release: ReleaseView } | { issueNumber: number } | null;
