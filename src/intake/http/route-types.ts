/**
 * What every HTTP route is given, and the shape of a route: each answers the requests it owns
 * and returns false for the rest. Types only, so routes and the pages they serve share them
 * without importing one another.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ConfigResult } from "../../config/parse-config.js";
import type { RepoRef } from "../../core/types.js";
import type { AppPort, GitHubPortFactory } from "../../effects/github-port.js";
import type { TrainPort } from "../../effects/train-port.js";
import type { Settings } from "../../settings.js";
import type { Store } from "../../store/store.js";

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
