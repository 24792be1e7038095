/**
 * The one comment signalbox keeps on an issue or PR for a purpose, found by the hidden marker it
 * carries. Its id and what it says are remembered, so an unchanged body is not sent again and a
 * changed one is edited without listing the issue's comments first.
 */
import type { ProbotOctokit } from "probot";
import type { RepoRef } from "../core/types.js";
import { fingerprintOf, type GitHubWriteStore } from "../store/github-writes.js";
import { statusOf } from "./http-status.js";

type Octokit = InstanceType<typeof ProbotOctokit>;

/** 1. remembered and unchanged: skip; 2. remembered: edit it; 3. otherwise find it by marker and write. */
export async function upsertMarkerComment(octokit: Octokit, writes: GitHubWriteStore | undefined, repo: RepoRef, issueNumber: number, marker: string, body: string): Promise<void> {
  const text = `${body}\n\n${marker}`;
  const key = `${issueNumber} ${marker}`;
  const fingerprint = fingerprintOf(text);
  const known = await writes?.find(repo, "comment", key);
  if (known?.fingerprint === fingerprint) return;
  const edited = known ? await editIfPresent(octokit, repo, known.id, text) : null;
  const id = edited ?? (await findAndWrite(octokit, repo, issueNumber, marker, text));
  await writes?.remember(repo, "comment", key, { id, fingerprint }, new Date());
}

/** Null when the comment is gone (someone deleted it): find or create it again. */
async function editIfPresent(octokit: Octokit, repo: RepoRef, id: number, text: string): Promise<number | null> {
  try {
    await octokit.rest.issues.updateComment({ owner: repo.owner, repo: repo.repo, comment_id: id, body: text });
    return id;
  } catch (error) {
    if (statusOf(error) === 404) return null;
    throw error;
  }
}

async function findAndWrite(octokit: Octokit, repo: RepoRef, issueNumber: number, marker: string, text: string): Promise<number> {
  const at = { owner: repo.owner, repo: repo.repo, issue_number: issueNumber };
  const comments = await octokit.paginate(octokit.rest.issues.listComments, { ...at, per_page: 100 });
  const mine = comments.find((comment) => comment.body?.includes(marker));
  if (!mine) return (await octokit.rest.issues.createComment({ ...at, body: text })).data.id;
  if (mine.body !== text) await octokit.rest.issues.updateComment({ owner: repo.owner, repo: repo.repo, comment_id: mine.id, body: text });
  return mine.id;
}
