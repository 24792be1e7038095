/**
 * The app's own HTTP routes, beside Probot's webhook route. Each handler answers the requests
 * it owns and returns false for the rest.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AppPort, GitHubPortFactory } from "../effects/github-port.js";
import type { TrainPort } from "../effects/train-port.js";
import { trainApiRoutes } from "../intake/http/train-api.js";
import type { Settings } from "../settings.js";
import type { Store } from "../store/store.js";
import { boardApiRoutes } from "../intake/http/board-api.js";
import type { BoardOutboxWorker } from "../effects/board-outbox-worker.js";
import { dashboardRoutes } from "./dashboard.js";
import { healthHandler } from "./health.js";

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
}

export function createRoutes(deps: RouteDeps, boardWorker: BoardOutboxWorker): RouteHandler {
  const handlers: RouteHandler[] = [
    healthHandler(deps.store),
    boardApiRoutes(deps, { worker: boardWorker }),
    trainApiRoutes(deps),
    // Last: it answers GET / and the board's pages.
    dashboardRoutes({ board: deps.store.board, feed: deps.store.boardFeed, settings: deps.settings, now: deps.now, log: deps.log }),
  ];
  return async (req, res) => {
    for (const handler of handlers) {
      if (await handler(req, res)) return true;
    }
    return false;
  };
}
