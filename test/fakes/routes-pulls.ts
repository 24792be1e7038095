/** Pull requests: list, one, its commits, and the pulls a commit belongs to. */
import type { FakeRepo } from "./fake-repo.js";
import type { Json } from "./openapi-spec.js";
import { int, listReply, notFound, ok, type RepoContext, type RepoRoutes } from "./route-types.js";
import { commitJson, repoJson, userJson } from "./shapes.js";

/** An open pull request follows its head branch; a closed one keeps the sha it had. */
function endOf(repo: FakeRepo, pull: Json, side: "head" | "base"): Json {
  const end = pull[side] as Json;
  const live = pull.state === "open" ? repo.resolve(`heads/${String(end.ref)}`) : undefined;
  if (live) end.sha = live;
  // A fork's head branch is kept in the repository's graph, but GitHub names the fork as its home.
  const home = typeof end.fork === "string" ? forkJson(repo, end.fork) : repoJson(repo);
  return { label: `${String((home.owner as Json).login)}:${String(end.ref)}`, ref: end.ref, sha: end.sha, user: home.owner, repo: home };
}

function forkJson(repo: FakeRepo, owner: string): Json {
  const json = repoJson(repo);
  return { ...json, id: repo.id + 1_000_000, node_id: `R_fork_${owner}`, full_name: `${owner}/${repo.name}`, owner: userJson(owner), fork: true };
}

export function pullJson(repo: FakeRepo, pull: Json): Json {
  const n = pull.number as number;
  return {
    url: `${repo.apiUrl}/pulls/${n}`,
    id: pull.id,
    node_id: pull.node_id,
    html_url: `${repo.htmlUrl}/pull/${n}`,
    diff_url: `${repo.htmlUrl}/pull/${n}.diff`,
    patch_url: `${repo.htmlUrl}/pull/${n}.patch`,
    issue_url: `${repo.apiUrl}/issues/${n}`,
    commits_url: `${repo.apiUrl}/pulls/${n}/commits`,
    statuses_url: `${repo.apiUrl}/statuses/${String(pull.head.sha)}`,
    number: n,
    state: pull.state,
    locked: false,
    title: pull.title,
    user: pull.user,
    body: pull.body ?? null,
    labels: pull.labels,
    milestone: null,
    draft: pull.draft ?? false,
    created_at: pull.created_at,
    updated_at: pull.updated_at,
    closed_at: pull.closed_at ?? null,
    merged_at: pull.merged_at ?? null,
    merge_commit_sha: pull.merge_commit_sha ?? null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    head: endOf(repo, pull, "head"),
    base: endOf(repo, pull, "base"),
    author_association: "CONTRIBUTOR",
    merged: pull.merged ?? false,
    mergeable: pull.state === "open" ? true : null,
    mergeable_state: "clean",
  };
}

function findPull(ctx: RepoContext): Json {
  const pull = ctx.repo.pulls.find((p) => p.number === int(ctx.params.pull_number));
  if (!pull) throw notFound();
  return pull;
}

function listPulls(ctx: RepoContext) {
  const { repo, query } = ctx;
  const state = query.state ?? "open";
  const head = query.head?.includes(":") ? query.head.split(":")[1] : query.head;
  const pulls = repo.pulls
    .filter((p) => state === "all" || p.state === state)
    .filter((p) => !head || p.head.ref === head)
    .filter((p) => !query.base || p.base.ref === query.base)
    .sort((a, b) => (query.direction === "asc" ? a.number - b.number : b.number - a.number));
  return listReply(ctx, pulls.map((p) => pullJson(repo, p)));
}

function pullCommits(repo: FakeRepo, pull: Json) {
  const json = pullJson(repo, pull);
  return repo.git.between(String(json.base.sha), String(json.head.sha));
}

export const pullRoutes: RepoRoutes = {
  "GET /repos/{owner}/{repo}/pulls": listPulls,
  "GET /repos/{owner}/{repo}/pulls/{pull_number}": (ctx) => ok(pullJson(ctx.repo, findPull(ctx))),
  "GET /repos/{owner}/{repo}/pulls/{pull_number}/commits": (ctx) =>
    listReply(ctx, pullCommits(ctx.repo, findPull(ctx)).map((c) => commitJson(ctx.repo, c, false))),
  "GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls": (ctx) => {
    const sha = ctx.repo.resolve(ctx.params.commit_sha ?? "");
    if (!sha) throw notFound();
    const pulls = ctx.repo.pulls.filter(
      (p) => p.merge_commit_sha === sha || pullCommits(ctx.repo, p).some((c) => c.sha === sha),
    );
    return listReply(ctx, pulls.map((p) => pullJson(ctx.repo, p)));
  },
};
