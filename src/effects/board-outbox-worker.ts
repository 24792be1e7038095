/**
 * Drains the board outbox in the background: project webhooks and commit statuses mirrored to
 * GitHub. The API only records what is owed (see store/board-outbox.ts), so a slow or failing
 * receiver never delays a CI script, and a crash loses nothing: another replica, or this one
 * after a restart, sends it. The outbox is the queue (leases, retries with backoff); each send is
 * an effect the effects runner applies, like every other write.
 */
import { randomUUID } from "node:crypto";
import type { GitHubRepo } from "../core/board-api/github-mirror.js";
import type { Settings } from "../settings.js";
import type { OutboxItem } from "../store/board-outbox.js";
import type { Store } from "../store/store.js";
import type { AppPort, CommitStatusWrite, GitHubPortFactory } from "./github-port.js";
import { cachedInstallationId } from "./installation-cache.js";
import { displayedBuilds, readProjectStatus, type PresentBuilds } from "./project-webhook.js";
import { EffectsRunner } from "./runner.js";

export interface WebhookTarget {
  repository: string;
  projectName: string;
}
export interface CommitStatusTarget extends GitHubRepo {
  status: CommitStatusWrite;
}

export interface BoardOutboxLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface BoardOutboxWorkerDeps {
  store: Store;
  settings: Pick<Settings, "webhookUrl" | "buildTimeoutMinutes">;
  github: GitHubPortFactory;
  app: AppPort;
  now: () => Date;
  log: BoardOutboxLog;
  fetch?: typeof fetch;
  /** Applies the sends; by default a runner of the worker's own over the same store and GitHub. */
  runner?: EffectsRunner;
  /** How the webhook shows builds; the board's display rules (src/core/board) by default. */
  present?: PresentBuilds;
  /** How often to look for work other replicas queued (own work wakes the loop at once). */
  pollMs?: number;
  /** Sends in flight at once, so one hanging receiver does not hold up the rest. */
  concurrency?: number;
  /** Idle waits do not keep the process alive (for a worker nobody stops). */
  unref?: boolean;
}

const LEASE_MS = 60_000;
/** After this many failures in a row a delivery is logged as failing (once). */
const LOG_AFTER_FAILURES = 3;
/** Commit statuses are given up after this many failures (about an hour of retries). */
const MAX_STATUS_FAILURES = 15;

/** 2 s, 4 s, 8 s, … capped at 5 minutes: the first retry comes within 5 seconds. */
export function retryDelayMs(failures: number): number {
  return Math.min(2000 * 2 ** Math.max(failures - 1, 0), 300_000);
}

/** An error that retrying cannot fix (GitHub refused the request itself). */
class Permanent extends Error {}

export class BoardOutboxWorker {
  private readonly id = `board-${randomUUID()}`;
  private running = false;
  private lanes: Promise<void>[] = [];
  private wakers = new Set<() => void>();
  private readonly runner: EffectsRunner;

  constructor(private readonly deps: BoardOutboxWorkerDeps) {
    const { store, github, now } = deps;
    this.runner = deps.runner ?? new EffectsRunner(store.effects, github, now, store.writes, { fetch: deps.fetch });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.lanes = Array.from({ length: this.deps.concurrency ?? 4 }, () => this.lane());
  }

  /** Stops taking work and waits for sends in flight; what is left is sent after the next start. */
  async stop(): Promise<void> {
    this.running = false;
    this.kick();
    await Promise.all(this.lanes);
  }

  /** New work was queued: look now instead of at the next poll. */
  kick(): void {
    for (const wake of [...this.wakers]) wake();
  }

  /** Sends everything due now, then returns (tests; also usable without start()). */
  async drain(): Promise<void> {
    while (await this.runOne());
  }

  private async lane(): Promise<void> {
    while (this.running) {
      const worked = await this.runOne().catch((error: unknown) => {
        this.deps.log.error({ err: error }, "board outbox: could not read the outbox");
        return false;
      });
      if (!worked && this.running) await this.sleep();
    }
  }

  private async sleep(): Promise<void> {
    const due = await this.deps.store.boardOutbox.nextDue().catch(() => undefined);
    const untilDue = due ? due.getTime() - this.deps.now().getTime() : Infinity;
    const ms = Math.max(10, Math.min(untilDue, this.deps.pollMs ?? 1000));
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      if (this.deps.unref) timer.unref();
      this.wakers.add(done);
    });
  }

  /** Claims and sends one item; false when nothing is due. */
  private async runOne(): Promise<boolean> {
    const outbox = this.deps.store.boardOutbox;
    const item = await outbox.claim(this.id, LEASE_MS, this.deps.now());
    if (item === undefined) return false;
    try {
      await this.send(item);
      await outbox.complete(item, this.id);
    } catch (error) {
      await this.failed(item, error);
    }
    return true;
  }

  private async failed(item: OutboxItem, error: unknown): Promise<void> {
    const outbox = this.deps.store.boardOutbox;
    const reason = error instanceof Error ? error.message : String(error);
    const failures = item.attempts + 1;
    const givenUp = error instanceof Permanent || (item.kind === "commit-status" && failures >= MAX_STATUS_FAILURES);
    if (givenUp) {
      this.deps.log.error({ key: item.key, failures, reason }, "board outbox: delivery given up");
      return outbox.complete(item, this.id);
    }
    if (failures === LOG_AFTER_FAILURES) {
      this.deps.log.warn({ key: item.key, failures, reason }, "board outbox: delivery keeps failing; still retrying");
    }
    await outbox.fail(item, this.id, reason, new Date(this.deps.now().getTime() + retryDelayMs(failures)));
  }

  private async send(item: OutboxItem): Promise<void> {
    // The outbox row is the record of these effects (its key holds the newest state): the runner's key names it.
    const key = `board-outbox:${item.key}`;
    if (item.kind === "project-webhook") return this.sendWebhook(key, item.payload as WebhookTarget);
    return this.sendStatus(key, item.payload as CommitStatusTarget);
  }

  /** The payload is read when sent, so a retried delivery carries the newest state. */
  private async sendWebhook(key: string, target: WebhookTarget): Promise<void> {
    const url = this.deps.settings.webhookUrl;
    if (url === undefined) return; // unset since it was queued: nobody to tell
    const now = this.deps.now();
    const payload = await readProjectStatus(this.deps.store.board, target, this.deps.present ?? displayedBuilds(this.deps.settings.buildTimeoutMinutes), now);
    await this.runner.apply(key, { kind: "sendProjectWebhook", url, payload });
  }

  private async sendStatus(key: string, target: CommitStatusTarget): Promise<void> {
    const installationId = await this.installationOf(target);
    if (installationId === null) return; // the app is not installed there: nothing to mirror
    const repo = { owner: target.owner, repo: target.repo, installationId };
    const result = await this.runner.apply(key, { kind: "setCommitStatus", repo, status: target.status });
    if (result?.refused) throw new Permanent(result.refused);
  }

  /** Cached for a few minutes, "not installed" too, so a busy CI does not ask GitHub every build. */
  private async installationOf(repo: GitHubRepo): Promise<number | null> {
    return cachedInstallationId(this.deps.app, repo.owner, repo.repo, this.deps.now().getTime());
  }
}
