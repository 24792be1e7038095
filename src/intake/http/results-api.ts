/**
 * The gating API: POST /api/results (report a result), GET /api/results, GET /api/decision
 * (Greenwave's decision for a gate context) and GET /api/waivers. Token as for the board API;
 * answers are always JSON, so hostile strings come back verbatim and are never rendered.
 */
import type { ServerResponse } from "node:http";
import type { GatePolicy } from "../../config/schema.js";
import type { Fields } from "../../core/board-api/parse-request.js";
import { decideGate, isActive } from "../../core/gates/decide-gate.js";
import { parseDecisionQuery, parseResultReport, parseResultsQuery, parseWaiversQuery, type RepoName } from "../../core/gates/parse-results-request.js";
import type { Result, Waiver } from "../../core/gates/types.js";
import type { RouteDeps, RouteHandler } from "./route-types.js";
import type { ApiCaller } from "./api-access.js";
import { handleApiCall, requireRepo, sendJson } from "./api-call.js";
import { RequestError } from "./read-request.js";
import { describeUpstream, loggableError } from "./redact.js";

export interface ResultsApiOptions {
  /** The repository's `gates:` config (the lead's version reads .github/signalbox.yml from GitHub). */
  loadGates(owner: string, repo: string): Promise<Record<string, GatePolicy>>;
  /** A commit SHA or tag name → the commit SHA, or null when there is no such tag or commit. */
  resolveItem(owner: string, repo: string, item: string): Promise<string | null>;
  /** When a commit was made, for a policy's validity window; the item's first result when absent or null. */
  itemTime?(owner: string, repo: string, item: string): Promise<Date | null>;
  /** Called after a result is stored (e.g. to re-evaluate gate check runs); failures are logged only. */
  onResult?(repo: RepoName, result: Result): Promise<void>;
}

/**
 * What the API uses of the app's route dependencies (a full RouteDeps will do). With `app`, a
 * result for a repository signalbox is not installed on is refused (404) rather than stored.
 */
export type ResultsApiDeps = Pick<RouteDeps, "store" | "settings" | "now" | "log"> & Partial<Pick<RouteDeps, "app">>;

type Action = (fields: Fields, res: ServerResponse) => Promise<void>;

/** Every action names one repository (`repository` field); a token limited to others gets 403 before anything is read. */
function requireCoveredRepository(fields: Fields, caller: ApiCaller): void {
  const name = typeof fields.repository === "string" ? fields.repository : "";
  const [owner, repo, ...more] = name.split("/");
  requireRepo(caller, owner && repo && more.length === 0 ? { owner, repo } : undefined, name === "" ? "an unnamed repository" : name);
}

const FULL_SHA = /^[0-9a-fA-F]{40}$/;

export function resultsApiRoutes(deps: ResultsApiDeps, options: ResultsApiOptions): RouteHandler {
  const actions = buildActions(deps, options);
  const routes: Array<{ method: string; path: string; scope: "report" | "read"; action: Action }> = [
    { method: "POST", path: "/api/results", scope: "report", action: actions.postResult },
    { method: "GET", path: "/api/results", scope: "read", action: actions.getResults },
    { method: "GET", path: "/api/decision", scope: "read", action: actions.getDecision },
    { method: "GET", path: "/api/waivers", scope: "read", action: actions.getWaivers },
  ];
  return async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const path = url.pathname.replace(/\/$/, "");
    const matches = routes.filter((r) => r.path === path);
    if (matches.length === 0) return false;
    const hit = matches.find((r) => r.method === req.method);
    if (hit === undefined) {
      const allow = matches.map((r) => r.method).join(", ");
      sendJson(res, 405, { error: `use ${allow} for ${path}`, field: "method" }, { allow });
      return true;
    }
    await handleApiCall(deps, req, res, url, hit.scope, async (fields, caller) => {
      requireCoveredRepository(fields, caller);
      await hit.action(fields, res);
    });
    return true;
  };
}


function buildActions(deps: ResultsApiDeps, options: ResultsApiOptions) {
  const resolve = (repo: RepoName, item: string) => resolveItem(options, repo, item);
  return {
    /** 1. validate  2. resolve the item  3. store  4. tell the gates. */
    postResult: (async (fields, res) => {
      const parsed = parseResultReport(fields);
      if (parsed.kind === "invalid") return sendInvalid(res, parsed);
      const { owner, repo, testcase, outcome, refUrl, note } = parsed.value;
      if (deps.app && (await deps.app.findInstallationId(owner, repo)) === null) {
        return sendJson(res, 404, { error: `signalbox is not installed on ${owner}/${repo}`, field: "repository" });
      }
      const item = await resolve({ owner, repo }, parsed.value.item);
      if (typeof item !== "string") return sendInvalid(res, item);
      const stored = await deps.store.results.record({ owner, repo }, { testcase, item, outcome, source: "api", refUrl, note }, deps.now());
      await options.onResult?.({ owner, repo }, stored).catch((error: unknown) => {
        deps.log.warn({ err: loggableError(error), repository: stored.repository, testcase }, "results API: re-evaluating the gates failed");
      });
      sendJson(res, 201, resultJson(stored));
    }) satisfies Action,

    getResults: (async (fields, res) => {
      const parsed = parseResultsQuery(fields);
      if (parsed.kind === "invalid") return sendInvalid(res, parsed);
      const { owner, repo, testcase, limit } = parsed.value;
      const item = parsed.value.item === null ? null : await resolve({ owner, repo }, parsed.value.item);
      if (item !== null && typeof item !== "string") return sendInvalid(res, item);
      const rows = await deps.store.results.query({ repo: { owner, repo }, item, testcase, limit });
      sendJson(res, 200, rows.map(resultJson));
    }) satisfies Action,

    /** 1. validate  2. find the policy  3. resolve the item  4. decide on what existed at `when`. */
    getDecision: (async (fields, res) => {
      const parsed = parseDecisionQuery(fields);
      if (parsed.kind === "invalid") return sendInvalid(res, parsed);
      const { owner, repo, context } = parsed.value;
      const gates = await loadGates(options, owner, repo);
      const policy = Object.hasOwn(gates, context) ? gates[context] : undefined;
      if (policy === undefined) return sendJson(res, 404, { error: noPolicy(owner, repo, context, Object.keys(gates)), field: "context", contexts: Object.keys(gates) });
      const item = await resolve({ owner, repo }, parsed.value.item);
      if (typeof item !== "string") return sendInvalid(res, item);
      const at = parsed.value.when ?? deps.now();
      const [results, waivers] = await Promise.all([deps.store.results.forItem({ owner, repo }, item, at), deps.store.waivers.forItem({ owner, repo }, item, at)]);
      const windowed = policy.valid_since !== undefined || policy.valid_until !== undefined;
      const itemTime = windowed ? ((await options.itemTime?.(owner, repo, item)) ?? results[0]?.createdAt) : undefined;
      const decision = decideGate(policy, results, waivers, item, at, context, itemTime);
      sendJson(res, 200, { repository: `${owner}/${repo}`, context, item, at: at.toISOString(), ...decision });
    }) satisfies Action,

    getWaivers: (async (fields, res) => {
      const parsed = parseWaiversQuery(fields);
      if (parsed.kind === "invalid") return sendInvalid(res, parsed);
      const now = deps.now();
      const waivers = await deps.store.waivers.list(parsed.value);
      sendJson(res, 200, waivers.map((w) => waiverJson(w, now)));
    }) satisfies Action,
  };
}

type Invalid = { field: string; error: string };

/** The commit SHA of `item`, or the 422 to answer. A full SHA needs no lookup. */
async function resolveItem(options: ResultsApiOptions, repo: RepoName, item: string): Promise<string | Invalid> {
  if (FULL_SHA.test(item)) return item.toLowerCase();
  let sha: string | null;
  try {
    sha = await options.resolveItem(repo.owner, repo.repo, item);
  } catch (error) {
    throw new RequestError(502, `could not look up item "${item}": ${describeUpstream(error)}; try again shortly`, "item", error);
  }
  return sha ?? { field: "item", error: `item "${item}" is neither a commit SHA nor a tag in ${repo.owner}/${repo.repo}` };
}

async function loadGates(options: ResultsApiOptions, owner: string, repo: string): Promise<Record<string, GatePolicy>> {
  try {
    return await options.loadGates(owner, repo);
  } catch (error) {
    throw new RequestError(502, `could not read the gates config of ${owner}/${repo}: ${describeUpstream(error)}; try again shortly`, "repository", error);
  }
}

function noPolicy(owner: string, repo: string, context: string, contexts: string[]): string {
  const known = contexts.length > 0 ? `the gates are ${contexts.join(", ")}` : "it has no gates";
  return `no gate "${context}" in ${owner}/${repo}'s .github/signalbox.yml (${known})`;
}

function resultJson(r: Result) {
  return { id: r.id, repository: r.repository, testcase: r.testcase, item: r.item, outcome: r.outcome, source: r.source, ref_url: r.refUrl, note: r.note, created_at: r.createdAt.toISOString() };
}

function waiverJson(w: Waiver, now: Date) {
  const state = w.revokedAt !== null && w.revokedAt <= now ? "revoked" : isActive(w, now) ? "active" : "expired";
  return {
    id: w.id,
    repository: w.repository,
    testcase: w.testcase,
    item: w.item,
    context: w.context,
    state,
    by: w.by,
    reason: w.reason,
    created_at: w.createdAt.toISOString(),
    expires_at: w.expiresAt.toISOString(),
    revoked_at: w.revokedAt?.toISOString() ?? null,
    revoked_by: w.revokedBy,
  };
}

function sendInvalid(res: ServerResponse, invalid: Invalid): void {
  sendJson(res, 422, { error: invalid.error, field: invalid.field });
}

