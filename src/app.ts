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
import { ConditionalCache, withConditionalRequests } from "./effects/conditional-requests.js";
import { EffectsRunner } from "./effects/runner.js";
import { applyBoardSettingsToRepo } from "./intake/http/board-settings.js";
import { createReconciler, type Reconciler } from "./intake/reconcile-wiring.js";
import { repoOf } from "./intake/github/repo-of.js";
import { stripApiUrls } from "./intake/github/trim-payload.js";
import { Timers, TRAIN_NIGHTLY } from "./intake/timers.js";
import { instrumentAuth } from "./metrics/github-requests.js";
import { Metrics } from "./metrics/metrics.js";
import { observeJournal } from "./metrics/observe-journal.js";
import { githubHosts, loadSettings, type Settings } from "./settings.js";
import type { Store } from "./store/store.js";
import { createHealthState, type HealthState } from "./web/health.js";
import { createRoutes } from "./intake/http/routes.js";

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
  /** Journals what lost webhooks should have caused (docs/reconcile.md); set once Probot has loaded the app. */
  reconciler?: Reconciler;
  /** Sends the board's webhooks and commit statuses. */
  boardWorker: BoardOutboxWorker | undefined;
  /** This instance's Prometheus metrics (served at /metrics). */
  metrics: Metrics | undefined;
  readonly health: HealthState;
  /** Turns /readyz to 503 so load balancers stop sending; call first on shutdown. */
  startDraining(): void;
}

export function createSignalbox(options: SignalboxOptions): Signalbox {
  const health = createHealthState();
  const signalbox: Signalbox = {
    appFn: (app, appOptions) => loadApp(app, appOptions, options, signalbox),
    worker: undefined,
    timers: undefined,
    boardWorker: undefined,
    metrics: undefined,
    health,
    startDraining: () => void (health.draining = true),
  };
  return signalbox;
}

function loadApp(app: Probot, appOptions: ApplicationFunctionOptions, options: SignalboxOptions, signalbox: Signalbox): void {
  const { store } = options;
  const now = options.now ?? (() => new Date());
  const metrics = (signalbox.metrics = new Metrics({ pending: () => store.journal.pendingCount() }));
  // Every Octokit signalbox uses comes from app.auth: counting there covers every GitHub request.
  app.auth = instrumentAuth(app.auth.bind(app), metrics);
  // One cache of GET answers for every installation: unchanged re-reads are answered 304, free.
  const answers = new ConditionalCache();
  const installation = async (id: number) => withConditionalRequests(await app.auth(id), answers, `installation:${id}`);
  const github = options.github ?? (async (id: number) => new OctokitGitHub(await installation(id)));
  // The one writer: pipelines, the train, gates and the board all apply their effects through it.
  const runner = new EffectsRunner(store.effects, github, now, store.writes, { metrics });
  const botLogin = memoizeBotLogin(app);
  const trains = async (id: number) => new OctokitTrain(await installation(id), botLogin, store.writes);
  const entryTrains = async (id: number) => OctokitTrain.forEntry(await installation(id), botLogin, store.writes);
  const configs = new ConfigFacts(() => now().getTime(), (repo, result) => followConfig(store, repo, result, now()), store.configs);
  const settings = options.settings ?? loadSettings();
  const worker = new Worker({
    journal: observeJournal(store.journal, metrics),
    process: (entry) => processEntry(entry, { github, runner, botLogin, store, configs, trains: entryTrains, metrics }),
    log: app.log,
    concurrency: options.workerConcurrency,
    pollMs: options.pollMs,
    leaseMs: settings.journalLeaseSeconds * 1000,
    now,
    onGiveUp: (entry, failure) => surfaceFailure(entry, failure, { store, runner }),
  });
  signalbox.worker = worker;
  signalbox.timers = new Timers(store, now, app.log, () => worker.kick(), settings.retentionDays * 86_400_000);
  signalbox.reconciler = createReconciler({ app, store, github, trains, configs, now, settings, onRecorded: () => worker.kick() });
  // Probot's transform hands every listener a Context, though onAny's type says otherwise.
  app.onAny(async (event) => {
    await journalDelivery(store, event as unknown as Context, now(), metrics);
    worker.kick();
  });
  const routeDeps = {
    store,
    settings,
    github,
    app: new OctokitApp(() => app.auth(), installation),
    now,
    log: app.log,
    trains,
    wakeWorker: () => worker.kick(),
    loadConfig: async (repo: RepoRef) => configs.load(await github(repo.installationId), repo),
  };
  signalbox.boardWorker = new BoardOutboxWorker({ ...routeDeps, runner });
  appOptions.addHandler(createRoutes(routeDeps, signalbox.boardWorker, { metrics, health: signalbox.health }));
}

/** Keeps what lives outside GitHub (schedules, board projects) in step with the repository's config. */
async function followConfig(store: Store, repo: RepoRef, result: ConfigResult, now: Date): Promise<void> {
  await registerSchedules(store, repo, result, now);
  await applyBoardSettingsToRepo(store, repo, result, githubHosts());
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
async function journalDelivery(store: Store, context: Context, receivedAt: Date, metrics: Metrics): Promise<void> {
  const payload = context.payload as unknown as Record<string, unknown>;
  const key = repoKeyOf(payload);
  const installationId = installationIdOf(payload);
  stripApiUrls(payload);
  const result = await store.journal.record({ id: context.id, name: context.name, repoKey: key, installationId, payload, receivedAt });
  if (result !== "duplicate") return;
  metrics.delivery(context.name, "duplicate");
  context.log.info({ delivery: context.id, event: context.name, repo: key }, "duplicate delivery ignored");
}

/** The journal's serialisation key: the repository, or the installation for events outside one. */
function repoKeyOf(payload: Record<string, unknown>): string {
  const repo = repoOf(payload);
  return repo ? repoKey(repo) : `installation:${installationIdOf(payload) ?? "none"}`;
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
