/**
 * The periodic reconcile: webhooks go missing, so every RECONCILE_INTERVAL_SECONDS one replica
 * (under a store lock) reads, for each repository of each installation, what GitHub shows, and
 * journals the entries lost deliveries should have caused (src/core/reconcile/ decides which),
 * each carrying the events the lost delivery meant.
 * The worker then handles them like any delivery, so the outcome is the same.
 *
 * Repositories come from the app's installations, not from the store: a repository whose every
 * delivery was lost, or a store that was lost, would otherwise never be reconciled.
 */
import type { ConfigFacts } from "../app/config-facts.js";
import { planReconcile, type ReconcileEntry } from "../core/reconcile/plan-reconcile.js";
import { repoKey, type RepoRef } from "../core/types.js";
import type { GitHubPortFactory } from "../effects/github-port.js";
import type { InstallationsPort, ReconcilePort } from "../effects/reconcile-port.js";
import type { TrainPort } from "../effects/train-port.js";
import type { Store } from "../store/store.js";
import { recordEvents } from "./journal-event.js";
import { gatherReconcileFacts } from "./reconcile-facts.js";

export const RECONCILE_LOCK = "signalbox:reconcile";
/** A change younger than this may still have its webhook on the way. */
export const SETTLE_MS = 60_000;

export interface ReconcileLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface ReconcileDeps {
  store: Store;
  installations: InstallationsPort;
  github: GitHubPortFactory;
  reconcile: (installationId: number) => Promise<ReconcilePort>;
  trains: (installationId: number) => Promise<TrainPort>;
  configs: ConfigFacts;
  now: () => Date;
  log: ReconcileLog;
  /** How long a job without its own `timeout` may wait for its result. */
  defaultJobTimeoutMs: number;
  /** Called after new entries were journaled (wakes the worker). */
  onRecorded: () => void;
}

export interface ReconcileReport {
  repositories: number;
  /** Entries journaled by this pass (ids seen before are not counted). */
  recorded: ReconcileEntry[];
}

export class Reconciler {
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: ReconcileDeps) {}

  start(intervalMs: number): void {
    this.timer = setInterval(() => void this.pass().catch((err: unknown) => this.deps.log.warn({ err }, "reconcile pass failed")), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One pass over every repository; null when another replica is doing one. */
  async pass(): Promise<ReconcileReport | null> {
    const report = await this.deps.store.withLock(RECONCILE_LOCK, () => this.passLocked());
    if (report === undefined) return null;
    if (report.recorded.length > 0) {
      this.deps.log.info({ entries: report.recorded.map((e) => e.why) }, `reconcile journaled ${report.recorded.length} missed event(s)`);
      this.deps.onRecorded();
    }
    return report;
  }

  private async passLocked(): Promise<ReconcileReport> {
    const repos = await this.deps.installations.listRepositories();
    const recorded: ReconcileEntry[] = [];
    for (const repo of repos) {
      try {
        recorded.push(...(await this.reconcileRepo(repo, repo.defaultBranch)));
      } catch (err) {
        // One repository's failure (a revoked installation, an outage) must not stop the others.
        this.deps.log.warn({ err, repo: repoKey(repo) }, "could not reconcile repository");
      }
    }
    return { repositories: repos.length, recorded };
  }

  private async reconcileRepo(repo: RepoRef, defaultBranch: string): Promise<ReconcileEntry[]> {
    // 1. leave a repository with deliveries still queued (the store is not caught up yet);
    // 2. read the facts; 3. plan; 4. journal each entry once.
    const { store } = this.deps;
    if (await store.journal.hasOpen(repoKey(repo))) return [];
    const port = await this.deps.github(repo.installationId);
    const config = await this.deps.configs.load(port, repo);
    if (config.errors.length > 0 || (!config.config.pipelines && !config.config.train)) return [];
    const now = this.deps.now();
    const sources = {
      store,
      github: await this.deps.reconcile(repo.installationId),
      train: await this.deps.trains(repo.installationId),
      now,
      settleMs: SETTLE_MS,
      defaultJobTimeoutMs: this.deps.defaultJobTimeoutMs,
    };
    const facts = await gatherReconcileFacts(repo, defaultBranch, config, sources);
    const recorded: ReconcileEntry[] = [];
    for (const entry of planReconcile(repoKey(repo), facts)) {
      if ((await record(store, repo, defaultBranch, entry, now)) === "recorded") recorded.push(entry);
    }
    return recorded;
  }
}

function record(store: Store, repo: RepoRef, defaultBranch: string, entry: ReconcileEntry, now: Date) {
  return recordEvents(store.journal, { id: entry.id, repo, events: entry.events, receivedAt: now, defaultBranch });
}
