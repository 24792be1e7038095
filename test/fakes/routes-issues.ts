/** Issues (pull requests answer as issues too, as on GitHub), their comments and labels. */
import type { FakeRepo } from "./fake-repo.js";
import type { Json } from "./openapi-spec.js";
import { HttpError, int, listReply, notFound, ok, type RepoContext, type RepoRoutes } from "./route-types.js";
import { userJson } from "./shapes.js";

/** Issue-shaped JSON for an issue or a pull request. */
export function issueJson(repo: FakeRepo, item: Json): Json {
  const n = item.number as number;
  const isPull = repo.pulls.includes(item);
  return {
    id: item.id,
    node_id: item.node_id,
    url: `${repo.apiUrl}/issues/${n}`,
    repository_url: repo.apiUrl,
    labels_url: `${repo.apiUrl}/issues/${n}/labels{/name}`,
    comments_url: `${repo.apiUrl}/issues/${n}/comments`,
    events_url: `${repo.apiUrl}/issues/${n}/events`,
    html_url: `${repo.htmlUrl}/${isPull ? "pull" : "issues"}/${n}`,
    number: n,
    state: item.state,
    state_reason: item.state_reason ?? null,
    title: item.title,
    body: item.body ?? null,
    user: item.user,
    labels: item.labels,
    assignee: item.assignees?.[0] ?? null,
    assignees: item.assignees ?? [],
    milestone: null,
    locked: false,
    comments: repo.comments.filter((c) => c.issue_number === n).length,
    created_at: item.created_at,
    updated_at: item.updated_at,
    closed_at: item.closed_at ?? null,
    author_association: "NONE",
    ...(isPull ? { pull_request: { url: `${repo.apiUrl}/pulls/${n}`, html_url: `${repo.htmlUrl}/pull/${n}`, merged_at: item.merged_at ?? null } } : {}),
  };
}

function labelNames(input: unknown): string[] {
  const list = Array.isArray(input) ? input : ((input as Json | undefined)?.labels as unknown[] | undefined) ?? [];
  return list.map((l) => (typeof l === "string" ? l : String((l as Json).name)));
}

function findItem(ctx: RepoContext): Json {
  const item = ctx.repo.issueOrPull(int(ctx.params.issue_number));
  if (!item) throw notFound();
  return item;
}

function createIssue(ctx: RepoContext) {
  const { repo, body } = ctx;
  const number = repo.nextNumber();
  const id = repo.world.nextId();
  const now = new Date().toISOString();
  const issue: Json = {
    id,
    node_id: `I_${id}`,
    number,
    state: "open",
    title: String(body.title),
    body: body.body ?? null,
    user: userJson(`${repo.world.appSlug}[bot]`),
    labels: labelNames(body.labels).map((name) => repo.label(name)),
    assignees: ((body.assignees as string[] | undefined) ?? []).map((login) => userJson(login)),
    created_at: now,
    updated_at: now,
    closed_at: null,
  };
  repo.issues.push(issue);
  return ok(issueJson(repo, issue), 201);
}

function updateIssue(ctx: RepoContext) {
  const item = findItem(ctx);
  const { body, repo } = ctx;
  for (const key of ["title", "body", "state_reason"]) if (body[key] !== undefined) item[key] = body[key];
  if (body.state !== undefined && body.state !== item.state) {
    item.state = body.state;
    item.closed_at = body.state === "closed" ? new Date().toISOString() : null;
  }
  if (body.labels !== undefined) item.labels = labelNames(body.labels).map((name) => repo.label(name));
  if (body.assignees !== undefined) item.assignees = (body.assignees as string[]).map((login) => userJson(login));
  item.updated_at = new Date().toISOString();
  return ok(issueJson(repo, item));
}

function listIssues(ctx: RepoContext) {
  const { repo, query } = ctx;
  const state = query.state ?? "open";
  const wanted = query.labels ? query.labels.split(",").map((l) => l.trim().toLowerCase()) : [];
  const items = [...repo.issues, ...repo.pulls]
    .filter((i) => state === "all" || i.state === state)
    .filter((i) => wanted.every((w) => (i.labels as Json[]).some((l) => String(l.name).toLowerCase() === w)))
    .filter((i) => !query.creator || i.user?.login === query.creator)
    .sort((a, b) => (query.direction === "asc" ? a.number - b.number : b.number - a.number));
  return listReply(ctx, items.map((i) => issueJson(repo, i)));
}

function createComment(ctx: RepoContext) {
  const { repo } = ctx;
  const item = findItem(ctx);
  const id = repo.world.nextId();
  const now = new Date().toISOString();
  const comment: Json = {
    id,
    node_id: `IC_${id}`,
    url: `${repo.apiUrl}/issues/comments/${id}`,
    html_url: `${repo.htmlUrl}/issues/${String(item.number)}#issuecomment-${id}`,
    issue_url: `${repo.apiUrl}/issues/${String(item.number)}`,
    issue_number: item.number,
    body: String(ctx.body.body),
    user: userJson(`${repo.world.appSlug}[bot]`),
    created_at: now,
    updated_at: now,
    author_association: "NONE",
  };
  repo.comments.push(comment);
  return ok(comment, 201);
}

function addLabels(ctx: RepoContext) {
  const item = findItem(ctx);
  const labels = item.labels as Json[];
  for (const name of labelNames(ctx.body)) {
    if (!labels.some((l) => String(l.name).toLowerCase() === name.toLowerCase())) labels.push(ctx.repo.label(name));
  }
  return ok(labels);
}

export const issueRoutes: RepoRoutes = {
  "POST /repos/{owner}/{repo}/issues": createIssue,
  "GET /repos/{owner}/{repo}/issues": listIssues,
  "GET /repos/{owner}/{repo}/issues/{issue_number}": (ctx) => ok(issueJson(ctx.repo, findItem(ctx))),
  "PATCH /repos/{owner}/{repo}/issues/{issue_number}": updateIssue,
  "POST /repos/{owner}/{repo}/issues/{issue_number}/comments": createComment,
  "GET /repos/{owner}/{repo}/issues/{issue_number}/comments": (ctx) => {
    const n = findItem(ctx).number;
    return listReply(ctx, ctx.repo.comments.filter((c) => c.issue_number === n));
  },
  "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}": (ctx) => {
    const comment = ctx.repo.comments.find((c) => c.id === int(ctx.params.comment_id));
    if (!comment) throw notFound();
    Object.assign(comment, { body: String(ctx.body.body), updated_at: new Date().toISOString() });
    return ok(comment);
  },
  "POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions": (ctx) => {
    const comment = ctx.repo.comments.find((c) => c.id === int(ctx.params.comment_id));
    if (!comment) throw notFound();
    const reaction = { id: ctx.repo.world.nextId(), content: String(ctx.body.content), user: userJson(`${ctx.repo.world.appSlug}[bot]`) };
    comment.reactions = [...((comment.reactions as Json[] | undefined) ?? []), reaction];
    return ok(reaction, 201);
  },
  "GET /repos/{owner}/{repo}/issues/{issue_number}/labels": (ctx) => listReply(ctx, findItem(ctx).labels as Json[]),
  "POST /repos/{owner}/{repo}/issues/{issue_number}/labels": addLabels,
  "PUT /repos/{owner}/{repo}/issues/{issue_number}/labels": (ctx) => {
    findItem(ctx).labels = [];
    return addLabels(ctx);
  },
  "DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}": (ctx) => {
    const item = findItem(ctx);
    const labels = item.labels as Json[];
    const index = labels.findIndex((l) => String(l.name).toLowerCase() === (ctx.params.name ?? "").toLowerCase());
    if (index < 0) throw new HttpError(404, "Label does not exist");
    labels.splice(index, 1);
    return ok(labels);
  },
  "GET /repos/{owner}/{repo}/labels": (ctx) => listReply(ctx, ctx.repo.labels),
};
