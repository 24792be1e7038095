/**
 * The board's HTTP API, compatible with joakimk/pipeline so existing curl scripts keep working:
 * POST /api/build_status, POST /api/build/lock and /unlock, DELETE /api/projects/:name.
 */
import type { ServerResponse } from "node:http";
import { parseGitHubRepository } from "../../core/board-api/github-mirror.js";
import { parseBuildReport, parseLockRequest, type Fields } from "../../core/board-api/parse-request.js";
import { BoardOutboxWorker } from "../../effects/board-outbox-worker.js";
import { cachedInstallationId } from "../../effects/installation-cache.js";
import { githubHosts } from "../../settings.js";
import type { Project } from "../../store/board-store.js";
import type { RouteDeps, RouteHandler } from "./route-types.js";
import { queueBoardDeliveries } from "./board-deliveries.js";
import { applyBoardSettings } from "./board-settings.js";
import { recordBoardResult } from "./result-entries.js";
import type { ApiScope } from "../../settings.js";
import { isReservedContext, type ApiCaller } from "./api-access.js";
import { decodeSegment, handleApiCall, requireRepo, sendJson } from "./api-call.js";
import { loggableError } from "./redact.js";

/** joakimk's BuildLock::TIMEOUT. */
export const LOCK_TTL_MS = 30 * 60_000;

export interface BoardApiOptions {
  /** Sends webhooks and commit statuses; the caller starts and stops it. Without one, the API starts its own. */
  worker?: BoardOutboxWorker;
  /** Hosts whose repository strings are GitHub repositories (default github.com and GHE_HOST). */
  githubHosts?: string[];
}

type Action = (deps: RouteDeps, fields: Fields, res: ServerResponse, match: RegExpExecArray, caller: ApiCaller) => Promise<void>;

const ROUTES: Array<{ method: string; path: RegExp; scope: ApiScope; action: (ctx: BoardApiContext) => Action }> = [
  { method: "POST", path: /^\/api\/build_status\/?$/, scope: "report", action: (ctx) => ctx.buildStatus },
  { method: "POST", path: /^\/api\/build\/lock\/?$/, scope: "lock", action: (ctx) => ctx.lock },
  { method: "POST", path: /^\/api\/build\/unlock\/?$/, scope: "lock", action: (ctx) => ctx.unlock },
  { method: "DELETE", path: /^\/api\/projects\/([^/]+)\/?$/, scope: "admin", action: (ctx) => ctx.deleteProject },
];

export function boardApiRoutes(deps: RouteDeps, options: BoardApiOptions = {}): RouteHandler {
  const ctx = new BoardApiContext(deps, options);
  return async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const matches = ROUTES.map((r) => ({ route: r, match: r.path.exec(url.pathname) })).filter((m) => m.match !== null);
    if (matches.length === 0) return false;
    const hit = matches.find((m) => m.route.method === req.method);
    if (hit === undefined) {
      sendJson(res, 405, { error: `use ${matches.map((m) => m.route.method).join(", ")} for ${url.pathname}`, field: "method" }, { allow: matches[0]!.route.method });
      return true;
    }
    await handleApiCall(deps, req, res, url, hit.route.scope, (fields, caller) => hit.route.action(ctx)(deps, fields, res, hit.match!, caller));
    return true;
  };
}

class BoardApiContext {
  private readonly worker: BoardOutboxWorker;
  private readonly hosts: string[];
  private readonly installations: (owner: string, repo: string) => Promise<number | null>;

  constructor(deps: RouteDeps, options: BoardApiOptions) {
    this.hosts = options.githubHosts ?? githubHosts();
    this.installations = (owner, repo) => cachedInstallationId(deps.app, owner, repo, deps.now().getTime());
    this.worker = options.worker ?? startOwnWorker(deps);
  }

  /**
   * 1. validate  2. record and prune  3. follow the repository's board config  4. store it as a
   * result  5. queue the webhook and commit status  6. tell dashboards.
   */
  buildStatus: Action = async (deps, fields, res, _match, caller) => {
    const parsed = parseBuildReport(fields);
    if (parsed.kind === "invalid") return sendJson(res, 422, { error: parsed.error, field: parsed.field });
    this.requireCovered(caller, parsed.value.repository);
    if (isReservedContext(parsed.value.name) && !caller.scopes.includes("admin")) {
      const error = `build names starting with "signalbox/" are signalbox's own checks; token "${caller.name}" may not report them (only an admin token may)`;
      return sendJson(res, 403, { error, field: "name" });
    }
    const now = deps.now();
    const { project } = await deps.store.board.reportBuild(parsed.value, now);
    await deps.store.board.pruneRevisions(project.id, deps.settings.revisionsToKeep);
    await this.followBoardConfig(deps, project);
    await recordBoardResult(deps, parsed.value, this.installations);
    await queueBoardDeliveries(deps, { project, report: parsed.value, hosts: this.hosts });
    this.worker.kick();
    await publish(deps, project.name, false);
    // joakimk answers `render nothing: true`: 200 with an empty body.
    res.writeHead(200, { "content-type": "text/plain; charset=utf-8" }).end();
  };

  /** `board:` of the project's GitHub repository (cached config); GitHub failing leaves the project as it was. */
  private async followBoardConfig(deps: RouteDeps, project: Project): Promise<void> {
    const repo = parseGitHubRepository(project.repository, this.hosts);
    if (!repo) return;
    try {
      const installationId = await this.installations(repo.owner, repo.repo);
      if (installationId !== null) await applyBoardSettings(deps.store, project, await deps.loadConfig({ ...repo, installationId }));
    } catch (error) {
      deps.log.warn({ err: loggableError(error), project: project.name }, "board API: could not read the repository's board config");
    }
  }

  lock: Action = async (deps, fields, res, _match, caller) => {
    const parsed = parseLockRequest(fields);
    if (parsed.kind === "invalid") return sendJson(res, 422, { error: parsed.error, field: parsed.field });
    this.requireCovered(caller, parsed.value.repository);
    const answer = await deps.store.board.lock(parsed.value, deps.now(), LOCK_TTL_MS);
    sendJson(res, 200, lockBody(answer.lockedByRevision));
  };

  unlock: Action = async (deps, fields, res, _match, caller) => {
    const parsed = parseLockRequest(fields);
    if (parsed.kind === "invalid") return sendJson(res, 422, { error: parsed.error, field: parsed.field });
    this.requireCovered(caller, parsed.value.repository);
    const answer = await deps.store.board.unlock(parsed.value, deps.now());
    sendJson(res, 200, lockBody(answer.lockedByRevision));
  };

  deleteProject: Action = async (deps, _fields, res, match, caller) => {
    const name = decodeSegment(match[1]!, "name");
    const found = caller.repos.length > 0 ? await deps.store.board.findProject(name) : undefined;
    if (found) this.requireCovered(caller, found.repository);
    const project = await deps.store.board.removeProject(name);
    if (project === undefined) return sendJson(res, 404, { error: `no project named ${name}`, field: "name" });
    await queueBoardDeliveries(deps, { project, hosts: this.hosts });
    this.worker.kick();
    await publish(deps, project.name, true);
    res.writeHead(200, { "content-type": "text/plain; charset=utf-8" }).end("ok");
  };

  /** A token limited to repositories acts only on projects whose repository string names one of them. */
  private requireCovered(caller: ApiCaller, repository: string): void {
    if (caller.repos.length > 0) requireRepo(caller, parseGitHubRepository(repository, this.hosts), repository);
  }
}

/** joakimk answered `build_locked_by`; its README documents `locked_by_revision`: send both. */
function lockBody(holder: string | null) {
  return { build_locked_by: holder, locked_by_revision: holder };
}

/** Dashboards are a convenience: a failed publish is logged, never fails the CI's call. */
async function publish(deps: RouteDeps, projectName: string, removed: boolean): Promise<void> {
  await deps.store.boardFeed.publish({ projectName, removed }).catch((error: unknown) => {
    deps.log.warn({ err: loggableError(error), project: projectName }, "board API: could not publish the change to dashboards");
  });
}

function startOwnWorker(deps: RouteDeps): BoardOutboxWorker {
  const worker = new BoardOutboxWorker({ ...deps, unref: true });
  worker.start();
  return worker;
}

