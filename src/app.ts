/**
 * Wiring only: webhooks are verified by Probot, journaled by delivery id, acknowledged, and
 * then processed by the worker through decide → effects. Timers journal what time makes due.
 */
import type { ApplicationFunction, ApplicationFunctionOptions, Context, Probot } from "probot";
import { ConfigFacts } from "./app/config-facts.js";
import { processEntry } from "./app/process-entry.js";
import { surfaceFailure } from "./app/surface-failure.js";
import { Worker } from "./app/worker.js";
import type { ConfigResult } from "./config/parse-config.js";
import { repoKey, type RepoRef } from "./core/types.js";
import type { GitHubPortFactory } from "./effects/github-port.js";
import { OctokitApp, OctokitGitHub } from "./effects/octokit-github.js";
import { OctokitTrain } from "./effects/octokit-train.js";
import { BoardOutboxWorker } from "./effects/board-outbox-worker.js";
import { EffectsRunner } from "./effects/runner.js";
import { repoOf } from "./intake/github/translate.js";
import { Timers, TRAIN_NIGHTLY } from "./intake/timers.js";
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
  timers: Timers | undefined;
  /** Sends the board's webhooks and commit statuses. */
  boardWorker: BoardOutboxWorker | undefined;
}

export function createSignalbox(options: SignalboxOptions): Signalbox {
  const signalbox: Signalbox = { appFn: (app, appOptions) => loadApp(app, appOptions, options, signalbox), worker: undefined, timers: undefined, boardWorker: undefined };
  return signalbox;
}

function loadApp(app: Probot, appOptions: ApplicationFunctionOptions, options: SignalboxOptions, signalbox: Signalbox): void {
  const { store } = options;
  const now = options.now ?? (() => new Date());
  const github = options.github ?? (async (id: number) => new OctokitGitHub(await app.auth(id)));
  const runner = new EffectsRunner(store.effects, github, now);
  const botLogin = memoizeBotLogin(app);
  const trains = async (id: number) => new OctokitTrain(await app.auth(id), botLogin);
  const configs = new ConfigFacts(() => now().getTime(), (repo, result) => registerSchedules(store, repo, result, now()), store.configs);
  const settings = options.settings ?? loadSettings();
  const worker = new Worker({
    journal: store.journal,
    process: (entry) => processEntry(entry, { github, runner, botLogin, store, configs, trains }),
    log: app.log,
    concurrency: options.workerConcurrency,
    pollMs: options.pollMs,
    leaseMs: settings.journalLeaseSeconds * 1000,
    now,
    onGiveUp: (entry, failure) => surfaceFailure(entry, failure, { store, runner }),
  });
  signalbox.worker = worker;
  signalbox.timers = new Timers(store, now, app.log, () => worker.kick(), settings.retentionDays * 86_400_000);
  // Probot's transform hands every listener a Context, though onAny's type says otherwise.
  app.onAny(async (event) => {
    await journalDelivery(store, event as unknown as Context, now());
    worker.kick();
  });
  const routeDeps = {
    store,
    settings,
    github,
    app: new OctokitApp(() => app.auth()),
    now,
    log: app.log,
    trains,
    wakeWorker: () => worker.kick(),
    loadConfig: async (repo: RepoRef) => configs.load(await github(repo.installationId), repo),
  };
  signalbox.boardWorker = new BoardOutboxWorker(routeDeps);
  appOptions.addHandler(createRoutes(routeDeps, signalbox.boardWorker));
}

/** Keeps the repository's scheduled pipelines in step with its config. */
async function registerSchedules(store: Store, repo: RepoRef, result: ConfigResult, now: Date): Promise<void> {
  const schedules = Object.entries(result.config.pipelines ?? {}).flatMap(([pipeline, def]) =>
    typeof def.on === "object" && "schedule" in def.on ? [{ pipeline, cron: def.on.schedule, branch: def.on.branch }] : [],
  );
  const nightly = result.config.train?.nightly;
  if (nightly) schedules.push({ pipeline: TRAIN_NIGHTLY, cron: nightly, branch: result.config.train?.branch });
  await store.schedules.replace(repo, schedules, now);
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
