/** The merged PRs between two commits, asked for only where PRs land (see landingCommits). */
import type { ProbotOctokit } from "probot";
import type { RepoRef } from "../core/types.js";
import { landingCommits, type ComparedCommit } from "./landing-commits.js";
import type { MergedPull } from "./train-port.js";

type Octokit = InstanceType<typeof ProbotOctokit>;

/** More than this many commits between two releases are listed by their merge PRs only up to here. */
const MAX_COMPARED_COMMITS = 250;

/**
 * 1. the commits from `base` to `head` (only `head` without a base); 2. the PRs of the commits
 * they land as; a merge commit no PR claims (merged by hand) has its other parents asked instead.
 */
export async function listMergedPulls(octokit: Octokit, repo: RepoRef, base: string | null, head: string): Promise<MergedPull[]> {
  const commits: ComparedCommit[] = base
    ? (await octokit.rest.repos.compareCommitsWithBasehead({ owner: repo.owner, repo: repo.repo, basehead: `${base}...${head}`, per_page: MAX_COMPARED_COMMITS })).data.commits
    : [{ sha: head, parents: [] }];
  const inRange = new Map(commits.map((commit) => [commit.sha, commit]));
  const queue = landingCommits(commits, head);
  const asked = new Set<string>();
  const pulls = new Map<number, MergedPull>();
  while (queue.length > 0) {
    const sha = queue.shift()!;
    if (asked.has(sha)) continue;
    asked.add(sha);
    const merged = await mergedPullsOf(octokit, repo, sha);
    for (const pull of merged) if (!pulls.has(pull.number)) pulls.set(pull.number, pull);
    const others = inRange.get(sha)?.parents.slice(1).map((p) => p.sha).filter((p) => inRange.has(p)) ?? [];
    if (merged.length === 0) queue.push(...others);
  }
  return [...pulls.values()];
}

async function mergedPullsOf(octokit: Octokit, repo: RepoRef, sha: string): Promise<MergedPull[]> {
  const { data } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({ owner: repo.owner, repo: repo.repo, commit_sha: sha });
  return data
    .filter((pull) => pull.merged_at)
    .map((pull) => ({ number: pull.number, title: pull.title, author: pull.user?.login ?? "ghost", labels: pull.labels.map((l) => l.name), url: pull.html_url }));
}
