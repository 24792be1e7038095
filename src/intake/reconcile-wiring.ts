/** Builds the reconcile from the app's parts (kept here so src/app.ts stays wiring in one line). */
import type { Probot } from "probot";
import type { ConfigFacts } from "../app/config-facts.js";
import type { GitHubPortFactory } from "../effects/github-port.js";
import { OctokitInstallations, OctokitReconcile } from "../effects/octokit-reconcile.js";
import type { TrainPort } from "../effects/train-port.js";
import type { Settings } from "../settings.js";
import type { Store } from "../store/store.js";
import { Reconciler } from "./reconcile.js";

export { Reconciler } from "./reconcile.js";

export interface ReconcilerParts {
  app: Probot;
  store: Store;
  github: GitHubPortFactory;
  trains: (installationId: number) => Promise<TrainPort>;
  configs: ConfigFacts;
  now: () => Date;
  settings: Settings;
  onRecorded: () => void;
}

export function createReconciler(parts: ReconcilerParts): Reconciler {
  const { app } = parts;
  return new Reconciler({
    store: parts.store,
    installations: new OctokitInstallations(() => app.auth(), (id) => app.auth(id)),
    github: parts.github,
    reconcile: async (id) => new OctokitReconcile(await app.auth(id)),
    trains: parts.trains,
    configs: parts.configs,
    now: parts.now,
    log: app.log,
    // A job without its own `timeout` waits as long as a board build may (BUILD_TIMEOUT_IN_MINUTES).
    defaultJobTimeoutMs: parts.settings.buildTimeoutMinutes * 60_000,
    onRecorded: parts.onRecorded,
  });
}
