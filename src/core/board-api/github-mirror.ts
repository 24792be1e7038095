/** Pure rules for mirroring a reported build to GitHub as a commit status. */
import type { RepoRef } from "../types.js";
import type { BuildStatus } from "../board/types.js";

export type GitHubRepo = Pick<RepoRef, "owner" | "repo">;

const STATE: Record<BuildStatus, "pending" | "success" | "failure"> = {
  building: "pending",
  successful: "success",
  failed: "failure",
};

export function commitStateFor(status: BuildStatus): "pending" | "success" | "failure" {
  return STATE[status];
}

/**
 * The GitHub repository a CI's repository string names, when its host is one of `hosts`
 * (github.com, or a GitHub Enterprise host): "git@github.com:org/repo.git",
 * "https://github.com/org/repo", "ssh://git@github.com/org/repo.git/". Anything else is undefined,
 * and no GitHub call is made for it.
 */
export function parseGitHubRepository(repository: string, hosts: readonly string[]): GitHubRepo | undefined {
  const parsed = parseHostedRepository(repository);
  if (!parsed) return undefined;
  const wanted = hosts.map((h) => h.toLowerCase());
  const bareHost = parsed.host.toLowerCase().replace(/:\d+$/, "");
  if (!wanted.includes(parsed.host.toLowerCase()) && !wanted.includes(bareHost)) return undefined;
  return { owner: parsed.owner, repo: parsed.repo };
}

/** The host and `owner/name` a repository string names, on any host; undefined for anything else. */
export function parseHostedRepository(repository: string): (GitHubRepo & { host: string }) | undefined {
  const match =
    /^(?:[a-z+]+:\/\/)?(?:[^@/\s]+@)?([^/:\s]+(?::\d+)?)[:/]([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+?)(?:\.git)?\/?$/i.exec(repository.trim());
  if (!match) return undefined;
  const [, host, owner, repo] = match as unknown as [string, string, string, string];
  if (repo === "" || repo === "." || repo === ".." || owner === "." || owner === "..") return undefined;
  return { host, owner, repo };
}
