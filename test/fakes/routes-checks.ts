/** Check runs (with GitHub's limits on annotations, actions and text) and commit statuses. */
import type { FakeRepo } from "./fake-repo.js";
import type { Json } from "./openapi-spec.js";
import { HttpError, int, listReply, notFound, ok, type RepoContext, type RepoRoutes } from "./route-types.js";
import { repoJson, userJson } from "./shapes.js";

const MAX_TEXT = 65_535;

function checkLimits(body: Json): void {
  const output = body.output as Json | undefined;
  const annotations = (output?.annotations as Json[] | undefined) ?? [];
  if (annotations.length > 50) throw new HttpError(422, "Only 50 annotations may be sent per request", { errors: [{ resource: "CheckRun", field: "output.annotations", code: "invalid" }] });
  for (const field of ["summary", "text"]) {
    const value = output?.[field];
    if (typeof value === "string" && value.length > MAX_TEXT) {
      throw new HttpError(422, `Invalid request.\n\nOnly ${MAX_TEXT} characters are allowed; ${value.length} were supplied.`);
    }
  }
  const actions = (body.actions as Json[] | undefined) ?? [];
  if (actions.length > 3) throw new HttpError(422, "Only 3 actions may be sent per request");
  if (body.status === "completed" && !body.conclusion) throw new HttpError(422, "Invalid request.\n\nNo conclusion given for a completed check run.");
}

function storeOutput(repo: FakeRepo, run: Json, output: Json | undefined): void {
  if (!output) return;
  const annotations = (output.annotations as Json[] | undefined) ?? [];
  const kept = [...(repo.annotations.get(run.id as number) ?? []), ...annotations];
  repo.annotations.set(run.id as number, kept);
  run.output = {
    title: output.title ?? run.output.title ?? null,
    summary: output.summary ?? run.output.summary ?? null,
    text: output.text ?? run.output.text ?? null,
    annotations_count: kept.length,
    annotations_url: `${repo.apiUrl}/check-runs/${String(run.id)}/annotations`,
  };
}

function applyState(run: Json, body: Json): void {
  const now = new Date().toISOString();
  for (const key of ["name", "details_url", "external_id", "started_at", "completed_at", "actions"]) {
    if (body[key] !== undefined) run[key] = body[key];
  }
  if (body.conclusion !== undefined && body.conclusion !== null) {
    run.conclusion = body.conclusion;
    run.status = "completed";
    run.completed_at = body.completed_at ?? run.completed_at ?? now;
  } else if (body.status !== undefined) {
    run.status = body.status;
    if (body.status !== "completed") run.conclusion = null;
  }
}

function createCheckRun(ctx: RepoContext) {
  const { repo, body } = ctx;
  checkLimits(body);
  const headSha = repo.git.get(String(body.head_sha))?.sha;
  if (!headSha) throw new HttpError(422, "No commit found for SHA: " + String(body.head_sha));
  const id = repo.world.nextId();
  const run: Json = {
    id,
    node_id: `CR_${id}`,
    head_sha: headSha,
    name: body.name,
    external_id: body.external_id ?? null,
    url: `${repo.apiUrl}/check-runs/${id}`,
    html_url: `${repo.htmlUrl}/runs/${id}`,
    details_url: body.details_url ?? null,
    status: "queued",
    conclusion: null,
    started_at: body.started_at ?? new Date().toISOString(),
    completed_at: null,
    output: { title: null, summary: null, text: null, annotations_count: 0 },
    check_suite: { id: repo.world.nextId() },
    app: { id: repo.world.appId, slug: repo.world.appSlug, name: repo.world.appSlug, owner: userJson(repo.owner) },
    pull_requests: pullRefs(repo, headSha),
    actions: [],
  };
  applyState(run, body);
  storeOutput(repo, run, body.output as Json | undefined);
  repo.checkRuns.push(run);
  return ok(run, 201);
}

function pullRefs(repo: FakeRepo, sha: string): Json[] {
  return repo.pulls
    .filter((p) => p.state === "open" && repo.resolve(String(p.head.ref)) === sha)
    .map((p) => ({ id: p.id, number: p.number, url: `${repo.apiUrl}/pulls/${String(p.number)}`, head: { ref: p.head.ref, sha }, base: { ref: p.base.ref, sha: repo.resolve(String(p.base.ref)) } }));
}

function findRun(ctx: RepoContext): Json {
  const run = ctx.repo.checkRuns.find((r) => r.id === int(ctx.params.check_run_id));
  if (!run) throw notFound();
  return run;
}

function listForRef(ctx: RepoContext) {
  const sha = ctx.repo.resolve(ctx.params.ref ?? "");
  if (!sha) throw new HttpError(422, `No commit found for SHA: ${ctx.params.ref}`);
  let runs = ctx.repo.checkRuns.filter((r) => r.head_sha === sha).sort((a, b) => b.id - a.id);
  if (ctx.query.check_name) runs = runs.filter((r) => r.name === ctx.query.check_name);
  if (ctx.query.status) runs = runs.filter((r) => r.status === ctx.query.status);
  if (ctx.query.app_id) runs = runs.filter((r) => String(r.app.id) === ctx.query.app_id);
  if ((ctx.query.filter ?? "latest") === "latest") runs = runs.filter((r, i) => runs.findIndex((o) => o.name === r.name) === i);
  return listReply(ctx, runs, (page) => ({ total_count: runs.length, check_runs: page }));
}

function createStatus(ctx: RepoContext) {
  const { repo, body } = ctx;
  const sha = repo.git.get(ctx.params.sha ?? "")?.sha;
  if (!sha) throw new HttpError(422, `No commit found for SHA: ${ctx.params.sha}`);
  const id = repo.world.nextId();
  const now = new Date().toISOString();
  const status: Json = {
    url: `${repo.apiUrl}/statuses/${sha}`,
    avatar_url: null,
    id,
    node_id: `SC_${id}`,
    sha,
    state: body.state,
    description: body.description ?? null,
    target_url: body.target_url ?? null,
    context: body.context ?? "default",
    created_at: now,
    updated_at: now,
    creator: userJson(`${repo.world.appSlug}[bot]`),
  };
  repo.statuses.push(status);
  return ok(status, 201);
}

function statusesFor(ctx: RepoContext): { sha: string; statuses: Json[] } {
  const sha = ctx.repo.resolve(ctx.params.ref ?? "");
  if (!sha) throw notFound();
  const statuses = ctx.repo.statuses.filter((s) => s.sha === sha).sort((a, b) => b.id - a.id);
  return { sha, statuses };
}

function combinedStatus(ctx: RepoContext) {
  const { sha, statuses } = statusesFor(ctx);
  const latest = statuses.filter((s, i) => statuses.findIndex((o) => o.context === s.context) === i);
  const states = latest.map((s) => s.state as string);
  const state = states.some((s) => s === "failure" || s === "error") ? "failure" : !states.length || states.includes("pending") ? "pending" : "success";
  return ok({
    state,
    statuses: latest.map(({ sha: _sha, ...rest }) => rest),
    sha,
    total_count: latest.length,
    repository: repoJson(ctx.repo),
    commit_url: `${ctx.repo.apiUrl}/commits/${sha}`,
    url: `${ctx.repo.apiUrl}/commits/${sha}/status`,
  });
}

export const checkRoutes: RepoRoutes = {
  "POST /repos/{owner}/{repo}/check-runs": createCheckRun,
  "GET /repos/{owner}/{repo}/check-runs/{check_run_id}": (ctx) => ok(findRun(ctx)),
  "PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}": (ctx) => {
    const run = findRun(ctx);
    checkLimits({ ...ctx.body, conclusion: ctx.body.conclusion ?? run.conclusion });
    applyState(run, ctx.body);
    storeOutput(ctx.repo, run, ctx.body.output as Json | undefined);
    return ok(run);
  },
  "GET /repos/{owner}/{repo}/check-runs/{check_run_id}/annotations": (ctx) => listReply(ctx, ctx.repo.annotations.get(findRun(ctx).id as number) ?? []),
  "GET /repos/{owner}/{repo}/commits/{ref}/check-runs": listForRef,
  "POST /repos/{owner}/{repo}/statuses/{sha}": createStatus,
  "GET /repos/{owner}/{repo}/commits/{ref}/status": combinedStatus,
  "GET /repos/{owner}/{repo}/commits/{ref}/statuses": (ctx) => listReply(ctx, statusesFor(ctx).statuses.map(({ sha: _sha, ...rest }) => rest)),
};
