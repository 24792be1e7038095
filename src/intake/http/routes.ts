/**
 * The app's own HTTP routes, beside Probot's webhook route: the APIs, the operators' endpoints,
 * and last the dashboard, one client of the store among them. Each handler answers the requests
 * it owns and returns false for the rest.
 */
import { randomBytes } from "node:crypto";
import type { RepoRef } from "../../core/types.js";
import type { BoardOutboxWorker } from "../../effects/board-outbox-worker.js";
import type { Metrics } from "../../metrics/metrics.js";
import { githubHosts } from "../../settings.js";
import { dashboardRoutes } from "../../web/dashboard.js";
import { healthHandler, type HealthState } from "../../web/health.js";
import { metricsHandler } from "../../web/metrics.js";
import { releaseStatsLoader } from "../../web/release-stats.js";
import { projectVisibilityLoader } from "../../web/repo-visibility.js";
import { boardApiRoutes } from "./board-api.js";
import { journalResultEntry } from "./result-entries.js";
import { resultsApiRoutes } from "./results-api.js";
import type { RouteDeps, RouteHandler } from "./route-types.js";
import { trainApiRoutes } from "./train-api.js";

export type { RouteDeps, RouteHandler, RouteLog } from "./route-types.js";

/** The operators' endpoints: /metrics, and /readyz's view of a shutdown in progress. */
export interface OpsDeps {
  metrics: Metrics;
  health: HealthState;
}

export function createRoutes(deps: RouteDeps, boardWorker: BoardOutboxWorker, ops: OpsDeps): RouteHandler {
  const handlers: RouteHandler[] = [
    healthHandler(deps.store, ops.health),
    metricsHandler(ops.metrics, deps.settings.metricsToken),
    boardApiRoutes(deps, { worker: boardWorker }),
    trainApiRoutes(deps),
    resultsApiRoutes(deps, resultsOptions(deps)),
    // Last: it answers GET / and the board's pages.
    dashboardRoutes({
      board: deps.store.board,
      feed: deps.store.boardFeed,
      settings: deps.settings,
      now: deps.now,
      log: deps.log,
      releases: releaseStatsLoader(deps, githubHosts()),
      eventStreams: { perClient: deps.settings.sseConnectionsPerClient, total: deps.settings.sseConnectionsTotal },
      sessionSecret: sessionSecretOf(deps),
      visibility: projectVisibilityLoader(deps.app, githubHosts(), deps.log),
    }),
  ];
  return async (req, res) => {
    for (const handler of handlers) {
      if (await handler(req, res)) return true;
    }
    return false;
  };
}

/** SESSION_SECRET, else the one the first replica to start generated and stored (read once). */
function sessionSecretOf(deps: RouteDeps): () => Promise<string> {
  const configured = deps.settings.sessionSecret;
  if (configured !== undefined) return async () => configured;
  let stored: Promise<string> | undefined;
  const load = () => {
    const reading = deps.store.secrets.getOrCreate("session_secret", () => randomBytes(32).toString("base64url"), deps.now());
    // A failed read (the store was down) is tried again by the next request that needs it.
    reading.catch(() => stored === reading && (stored = undefined));
    return (stored = reading);
  };
  // Generated at start, not at the first sign-in, so it is in the store before anyone needs it.
  load();
  return () => stored ?? load();
}

/** The results API reaches GitHub (config, tags) through the installation that covers the repository. */
function resultsOptions(deps: RouteDeps) {
  const installed = async (owner: string, repo: string): Promise<RepoRef> => {
    const installationId = await deps.app.findInstallationId(owner, repo);
    if (installationId === null) throw new Error(`signalbox is not installed on ${owner}/${repo}`);
    return { owner, repo, installationId };
  };
  return {
    loadGates: async (owner: string, repo: string) => {
      const config = await deps.loadConfig(await installed(owner, repo));
      return config.errors.length === 0 ? config.config.gates ?? {} : {};
    },
    resolveItem: async (owner: string, repo: string, item: string) => {
      const ref = await installed(owner, repo);
      return (await deps.trains(ref.installationId)).getRefSha(ref, `tags/${item}`);
    },
    itemTime: async (owner: string, repo: string, item: string) => {
      const ref = await installed(owner, repo);
      return (await deps.github(ref.installationId)).getCommitDate(ref, item);
    },
    onResult: async (repo: { owner: string; repo: string }, result: { id: number; testcase: string; item: string }) =>
      journalResultEntry(deps, await installed(repo.owner, repo.repo), result),
  };
}
