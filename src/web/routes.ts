/**
 * The app's own HTTP routes, beside Probot's webhook route. Each handler answers the requests
 * it owns and returns false for the rest.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AppPort, GitHubPortFactory } from "../effects/github-port.js";
import type { ConfigResult } from "../config/parse-config.js";
import type { RepoRef } from "../core/types.js";
import type { TrainPort } from "../effects/train-port.js";
import { journalResultEntry } from "../intake/http/result-entries.js";
import { resultsApiRoutes } from "../intake/http/results-api.js";
import { trainApiRoutes } from "../intake/http/train-api.js";
import { githubHosts, type Settings } from "../settings.js";
import type { Store } from "../store/store.js";
import { boardApiRoutes } from "../intake/http/board-api.js";
import type { BoardOutboxWorker } from "../effects/board-outbox-worker.js";
import { dashboardRoutes } from "./dashboard.js";
import type { Metrics } from "../metrics/metrics.js";
import { healthHandler, type HealthState } from "./health.js";
import { metricsHandler } from "./metrics.js";
import { releaseStatsLoader } from "./release-stats.js";

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export interface RouteLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** What every route may use. */
export interface RouteDeps {
  store: Store;
  settings: Settings;
  github: GitHubPortFactory;
  app: AppPort;
  now: () => Date;
  log: RouteLog;
  /** The release train's GitHub calls, per installation. */
  trains: (installationId: number) => Promise<TrainPort>;
  /** Wakes the worker after an API call journaled work. */
  wakeWorker: () => void;
  /** The repository's config from its default branch (cached). */
  loadConfig: (repo: RepoRef) => Promise<ConfigResult>;
}

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
    }),
  ];
  return async (req, res) => {
    for (const handler of handlers) {
      if (await handler(req, res)) return true;
    }
    return false;
  };
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
    onResult: async (repo: { owner: string; repo: string }, result: { id: number; testcase: string; item: string }) =>
      journalResultEntry(deps, await installed(repo.owner, repo.repo), result),
  };
}
