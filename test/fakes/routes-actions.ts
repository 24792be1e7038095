/** GitHub Actions: workflow dispatch (recorded, and starting a queued run), runs, cancel. */
import type { FakeRepo } from "./fake-repo.js";
import { hashOf } from "./git-graph.js";
import type { Json } from "./openapi-spec.js";
import { HttpError, int, listReply, notFound, ok, type RepoContext, type RepoRoutes } from "./route-types.js";
import { userJson } from "./shapes.js";

function workflowPath(workflowId: string): string {
  return /^\d+$/.test(workflowId) ? `.github/workflows/${workflowId}.yml` : `.github/workflows/${workflowId}`;
}

function createRun(repo: FakeRepo, workflowId: string, ref: string, sha: string): Json {
  const id = repo.world.nextId();
  const now = new Date().toISOString();
  const number = repo.workflowRuns.filter((r) => r.workflow_key === workflowId).length + 1;
  const path = workflowPath(workflowId);
  const run: Json = {
    id,
    node_id: `WFR_${id}`,
    name: path.split("/").pop()?.replace(/\.ya?ml$/, ""),
    path,
    workflow_key: workflowId,
    workflow_id: /^\d+$/.test(workflowId) ? Number(workflowId) : Number.parseInt(hashOf("workflow", workflowId).slice(0, 6), 16),
    head_branch: ref.replace(/^refs\/(heads|tags)\//, ""),
    head_sha: sha,
    run_number: number,
    run_attempt: 1,
    event: "workflow_dispatch",
    status: "queued",
    conclusion: null,
    url: `${repo.apiUrl}/actions/runs/${id}`,
    html_url: `${repo.htmlUrl}/actions/runs/${id}`,
    jobs_url: `${repo.apiUrl}/actions/runs/${id}/jobs`,
    logs_url: `${repo.apiUrl}/actions/runs/${id}/logs`,
    cancel_url: `${repo.apiUrl}/actions/runs/${id}/cancel`,
    created_at: now,
    updated_at: now,
    run_started_at: now,
    actor: userJson(`${repo.world.appSlug}[bot]`),
    triggering_actor: userJson(`${repo.world.appSlug}[bot]`),
    pull_requests: [],
  };
  repo.workflowRuns.push(run);
  return run;
}

/**
 * `return_run_details` is in the dispatch body schema of the @octokit/openapi version installed
 * here; with an older description that lacks it the validator would flag it, and since GitHub
 * accepts it this handler honours it either way.
 */
function dispatch(ctx: RepoContext) {
  const { repo, body } = ctx;
  const workflowId = ctx.params.workflow_id ?? "";
  const ref = String(body.ref);
  const sha = repo.resolve(ref);
  if (!sha) throw new HttpError(422, `No ref found for: ${ref}`);
  const run = createRun(repo, workflowId, ref, sha);
  repo.dispatches.push({ workflow_id: workflowId, ref, inputs: body.inputs ?? {}, run_id: run.id, created_at: run.created_at });
  if (body.return_run_details !== true || !ctx.fake.dispatchRunDetails) return { status: 204 };
  return ok({ workflow_run_id: run.id, run_url: run.url, html_url: run.html_url });
}

function findRun(ctx: RepoContext): Json {
  const run = ctx.repo.workflowRuns.find((r) => r.id === int(ctx.params.run_id));
  if (!run) throw notFound();
  return run;
}

function listRuns(ctx: RepoContext) {
  const { query } = ctx;
  const key = ctx.params.workflow_id ?? "";
  const runs = ctx.repo.workflowRuns
    .filter((r) => r.workflow_key === key || String(r.workflow_id) === key)
    .filter((r) => !query.branch || r.head_branch === query.branch)
    .filter((r) => !query.event || r.event === query.event)
    .filter((r) => !query.head_sha || r.head_sha === query.head_sha)
    .filter((r) => !query.status || r.status === query.status || r.conclusion === query.status)
    .sort((a, b) => b.id - a.id);
  return listReply(ctx, runs, (page) => ({ total_count: runs.length, workflow_runs: page }));
}

export const actionRoutes: RepoRoutes = {
  "POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches": dispatch,
  "GET /repos/{owner}/{repo}/actions/runs/{run_id}": (ctx) => ok(findRun(ctx)),
  "GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs": listRuns,
  "POST /repos/{owner}/{repo}/actions/runs/{run_id}/cancel": (ctx) => {
    const run = findRun(ctx);
    if (run.status === "completed") throw new HttpError(409, "Cannot cancel a workflow run that is completed.");
    Object.assign(run, { status: "completed", conclusion: "cancelled", updated_at: new Date().toISOString() });
    return ok({}, 202);
  },
};
