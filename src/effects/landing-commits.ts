/** Which commits of a compared range PRs land as, so only their PRs need asking for. */

export interface ComparedCommit {
  sha: string;
  parents: Array<{ sha: string }>;
}

/**
 * The commits a PR lands as, newest first: the first-parent line from `head` (a squash, a rebased
 * commit or the merge commit a PR makes on the branch) and every other merge commit in the range
 * (a PR merged into a branch that was then merged). Commits that only came along inside a merged
 * branch are left out: the PR that merged the branch covers them.
 */
export function landingCommits(commits: ComparedCommit[], head: string): string[] {
  const bySha = new Map(commits.map((commit) => [commit.sha, commit]));
  const line: string[] = [];
  for (let sha: string | undefined = head; sha !== undefined && bySha.has(sha) && !line.includes(sha); sha = bySha.get(sha)!.parents[0]?.sha) line.push(sha);
  if (line.length === 0) line.push(head);
  const merges = commits.filter((commit) => commit.parents.length > 1 && !line.includes(commit.sha)).map((commit) => commit.sha).reverse();
  return [...line, ...merges];
}
