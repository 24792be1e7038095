/**
 * Wiring only: webhooks are verified by Probot, journaled by delivery id, acknowledged, and
 * then processed by the worker through decide → effects.
 */
import type { ApplicationFunction, Context, Probot } from "probot";
import { ConfigFacts } from "./app/config-facts.js";
import { processEntry } from "./app/process-entry.js";
import { Worker } from "./app/worker.js";
import { repoKey } from "./core/types.js";
import type { GitHubPortFactory } from "./effects/github-port.js";
import { OctokitApp, OctokitGitHub } from "./effects/octokit-github.js";
import { EffectsRunner } from "./effects/runner.js";
import { repoOf } from "./intake/github/translate.js";
import { loadSettings, type Settings } from "./settings.js";
import type { Store } from "./store/store.js";
import { createRoutes } from "./web/routes.js";

export interface SignalboxOptions {
  store: Store;
  /** Defaults to the environment's. */
  settings?: Settings;
  now?: () => Date;
  /** Swap the GitHub port (tests); defaults to Octokit authenticated as the installation. */
  github?: GitHubPortFactory;
  workerConcurrency?: number;
  pollMs?: number;
}

export interface Signalbox {
  appFn: ApplicationFunction;
  /** Set once Probot has loaded the app. */
  worker: Worker | undefined;
}

export function createSignalbox(options: SignalboxOptions): Signalbox {
  const now = options.now ?? (() => new Date());
  const signalbox: Signalbox = { appFn: (app, appOptions) => {
    const github = options.github ?? (async (id: number) => new OctokitGitHub(await app.auth(id)));
    const runner = new EffectsRunner(options.store.effects, github, now);
    const botLogin = memoizeBotLogin(app);
    const configs = new ConfigFacts(() => now().getTime());
    const worker = new Worker({
      journal: options.store.journal,
      process: (entry) => processEntry(entry, { github, runner, botLogin, runs: options.store.runs, configs }),
      log: app.log,
      concurrency: options.workerConcurrency,
      pollMs: options.pollMs,
      now,
    });
    signalbox.worker = worker;
    // Probot's transform hands every listener a Context, though onAny's type says otherwise.
    app.onAny(async (event) => {
      await journalDelivery(options.store, event as unknown as Context, now());
      worker.kick();
    });
    const routes = createRoutes({
      store: options.store,
      settings: options.settings ?? loadSettings(),
      github,
      app: new OctokitApp(() => app.auth()),
      now,
      log: app.log,
    });
    appOptions.addHandler(routes);
  }, worker: undefined };
  return signalbox;
}

/** Records the delivery before acknowledging it; a redelivered id is recognised and dropped. */
async function journalDelivery(store: Store, context: Context, receivedAt: Date): Promise<void> {
  const payload = context.payload as unknown as Record<string, unknown>;
  const repo = repoOf(payload);
  const result = await store.journal.record({
    id: context.id,
    name: context.name,
    repoKey: repo ? repoKey(repo) : `installation:${installationIdOf(payload) ?? "none"}`,
    installationId: installationIdOf(payload),
    payload,
    receivedAt,
  });
  if (result === "duplicate") context.log.info({ delivery: context.id }, "duplicate delivery ignored");
}

function installationIdOf(payload: Record<string, unknown>): number | null {
  const id = (payload.installation as { id?: unknown } | undefined)?.id;
  return typeof id === "number" ? id : null;
}

/** The app's bot login, read once from GitHub (GET /app). */
function memoizeBotLogin(app: Probot): () => Promise<string | null> {
  let login: Promise<string | null> | undefined;
  return () => {
    login ??= app
      .auth()
      .then((octokit) => octokit.rest.apps.getAuthenticated())
      .then(({ data }) => (data?.slug ? `${data.slug}[bot]` : null))
      .catch((error: unknown) => {
        login = undefined; // try again next time rather than never recognising ourselves
        app.log.warn({ err: error }, "could not read the app's own login");
        return null;
      });
    return login;
  };
}
