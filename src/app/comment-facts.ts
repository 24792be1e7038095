/**
 * The facts a comment command needs beyond the pull request itself: whether another delivery of
 * the same comment was handled already, and when the head it would act on was pushed.
 */
import { repoKey, type RepoRef } from "../core/types.js";
import type { GitHubPort } from "../effects/github-port.js";
import type { PullHeadStore } from "../store/pull-heads.js";
import type { EffectLog } from "../store/store.js";

export interface CommentFacts {
  /** Another delivery (a redelivery, another replica) handled this comment id already. */
  handledBefore: boolean;
  /** When the pull request's current head was pushed; null when nobody can tell. */
  headPushedAt: Date | null;
}

export interface CommentSources {
  effects: EffectLog;
  pullHeads: PullHeadStore;
}

export interface CommentRef {
  repo: RepoRef;
  prNumber: number;
  commentId: number;
  headSha: string;
}

/** The journal entry `entryId` handles the comment; `receivedAt` is when signalbox got it. */
export async function gatherCommentFacts(sources: CommentSources, port: GitHubPort, comment: CommentRef, entry: { id: string; receivedAt: Date }): Promise<CommentFacts> {
  const handledBefore = !(await claimComment(sources.effects, comment, entry));
  const headPushedAt = handledBefore ? null : await headPushedAtOf(sources.pullHeads, port, comment);
  return { handledBefore, headPushedAt };
}

/**
 * The first entry to claim a comment id handles it. The claim names the entry, so the same entry
 * retried after a failure still holds it, and a comment carrying two commands (`/test` and
 * `/waive`) is one claim for both.
 */
async function claimComment(effects: EffectLog, comment: CommentRef, entry: { id: string; receivedAt: Date }): Promise<boolean> {
  const key = `comment:${repoKey(comment.repo)}:${comment.commentId}`;
  await effects.record(key, "commentHandled", { entry: entry.id }, entry.receivedAt);
  const holder = (await effects.find(key))?.result as { entry?: unknown } | undefined;
  return holder?.entry === entry.id;
}

/**
 * When signalbox heard the head (opened, reopened or synchronize; no API call), else the
 * commit's committer date from GitHub, which whoever made the commit chose.
 */
async function headPushedAtOf(pullHeads: PullHeadStore, port: GitHubPort, comment: CommentRef): Promise<Date | null> {
  const heard = await pullHeads.get(comment.repo, comment.prNumber);
  if (heard?.sha === comment.headSha) return heard.heardAt;
  return port.getCommitDate(comment.repo, comment.headSha);
}

/** A pull-request delivery that names a new head: remember when signalbox heard it. */
export async function notePullHead(pullHeads: PullHeadStore, repo: RepoRef, event: { action: string; number: number; headSha: string }, receivedAt: Date): Promise<void> {
  if (event.action === "opened" || event.action === "reopened" || event.action === "synchronize") await pullHeads.heard(repo, event.number, event.headSha, receivedAt);
}
