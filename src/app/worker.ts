/**
 * Works through the journal: claims entries (one per repository at a time, across every
 * process sharing the store), processes them, and retries transient GitHub failures with
 * backoff. Deliveries are acknowledged once journaled; this is where the work happens.
 */
import { randomUUID } from "node:crypto";
import type { Journal, JournalEntry } from "../store/store.js";
import type { ProcessResult } from "./process-entry.js";
import { isTransient, retryDelayMs } from "./retry-policy.js";

/**
 * How long a claim lasts without renewal: after a crash, another process (or the restarted one)
 * takes the work over within this time. JOURNAL_LEASE_SECONDS overrides it.
 */
export const DEFAULT_LEASE_MS = 30_000;

export interface WorkerLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface WorkerOptions {
  journal: Journal;
  process: (entry: JournalEntry) => Promise<ProcessResult>;
  log: WorkerLog;
  /** Entries processed at once (each for a different repository). */
  concurrency?: number;
  /** How long a claim is held before another process may take the entry over. */
  leaseMs?: number;
  /** How often to look for work that became due (retries, other replicas' expired leases). */
  pollMs?: number;
  now?: () => Date;
  /** Called once an entry is failed for good, so users see why (e.g. on its check runs). */
  onGiveUp?: (entry: JournalEntry, failure: { reason: string; attempts: number }) => Promise<unknown>;
}

export class Worker {
  readonly id = `worker-${randomUUID()}`;
  private readonly opts: Required<Omit<WorkerOptions, "onGiveUp">> & Pick<WorkerOptions, "onGiveUp">;
  private active = 0;
  private kickQueued = false;
  private stopping = false;
  private timer: NodeJS.Timeout | undefined;
  private idleWaiters: Array<() => void> = [];
  /** Entries this worker is processing now, to hand back if it must stop before they finish. */
  private readonly inFlight = new Set<string>();

  constructor(options: WorkerOptions) {
    this.opts = {
      ...options,
      concurrency: options.concurrency ?? 4,
      leaseMs: options.leaseMs ?? DEFAULT_LEASE_MS,
      pollMs: options.pollMs ?? 1000,
      now: options.now ?? (() => new Date()),
    };
  }

  /** Starts polling for due work. */
  start(): void {
    this.timer = setInterval(() => this.kick(), this.opts.pollMs);
    this.timer.unref();
    this.kick();
  }

  /**
   * Looks for work once the deliveries arriving now are in (called after each is journaled): a
   * group commit acknowledges many at once, and one look finds them all. Looking per delivery
   * made an idle worker run `concurrency` empty claims for each, on the acknowledging thread.
   */
  kick(): void {
    if (this.kickQueued || this.stopping) return;
    this.kickQueued = true;
    setImmediate(() => {
      this.kickQueued = false;
      this.startLoop();
    });
  }

  /** Resolves when no loop is running: everything claimable now has been processed. */
  async drain(): Promise<void> {
    this.startLoop();
    if (this.active === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Stops taking work and waits up to `graceMs` for what is in flight to finish; what has not
   * finished by then is handed back to the journal (pending again, claimable at once by another
   * process or the next start). Resolves with the number of entries handed back.
   */
  async stop(graceMs = Number.POSITIVE_INFINITY): Promise<number> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    if (this.active === 0) return 0;
    const idle = new Promise<boolean>((resolve) => this.idleWaiters.push(() => resolve(true)));
    let timer: NodeJS.Timeout | undefined;
    const graceOver = Number.isFinite(graceMs) ? new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), graceMs))) : new Promise<boolean>(() => undefined);
    const finished = await Promise.race([idle, graceOver]);
    clearTimeout(timer);
    return finished ? 0 : this.handBack();
  }

  private async handBack(): Promise<number> {
    const { journal, now, log } = this.opts;
    const ids = [...this.inFlight];
    this.inFlight.clear();
    const released = await Promise.all(ids.map((id) => journal.release(id, "handed back: the process stopped before it finished", now(), this.id).catch(() => false)));
    log.info({ handedBack: ids }, "stopping: handed unfinished work back to the journal");
    return released.filter(Boolean).length;
  }

  /**
   * One more loop, up to `concurrency`. Each loop that claims an entry starts the next, so loops
   * are added while there is work and an idle worker makes one empty claim, not `concurrency`.
   */
  private startLoop(): void {
    if (this.stopping || this.active >= this.opts.concurrency) return;
    this.active++;
    void this.loop().finally(() => this.onLoopEnd());
  }

  private onLoopEnd(): void {
    this.active--;
    if (this.active === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      let entry: JournalEntry | undefined;
      try {
        entry = await this.opts.journal.claimNext(this.id, this.opts.leaseMs, this.opts.now());
      } catch (error) {
        this.opts.log.error({ err: error }, "could not claim work from the journal");
        return;
      }
      if (!entry) return;
      this.startLoop();
      await this.runOne(entry);
    }
  }

  private async runOne(entry: JournalEntry): Promise<void> {
    const { journal, log, now } = this.opts;
    const context = { delivery: entry.id, event: entry.name, repo: entry.repoKey, attempt: entry.attempts + 1 };
    const renewal = this.keepLease(entry.id);
    this.inFlight.add(entry.id);
    try {
      const result = await this.opts.process(entry);
      await journal.finish(entry.id, result.outcome, result.detail, now(), this.id);
      if (result.outcome === "done") log.info({ ...context, reason: result.detail }, "processed");
    } catch (error) {
      const delay = retryDelayMs(error, entry.attempts, now().getTime());
      const message = describeError(error);
      if (delay === null) {
        log.error({ ...context, err: error }, "processing failed; not retrying");
        await journal.finish(entry.id, "failed", message, now(), this.id);
        // Only GitHub failing on every attempt is news for the check run; a refused request or a bug is the log's.
        if (isTransient(error)) await this.opts.onGiveUp?.(entry, { reason: message, attempts: context.attempt }).catch((err: unknown) => log.warn({ ...context, err }, "could not report the failure on GitHub"));
      } else {
        log.warn({ ...context, err: error, retryInMs: delay }, "processing failed; will retry");
        await journal.release(entry.id, message, new Date(now().getTime() + delay), this.id);
      }
    } finally {
      clearInterval(renewal);
      this.inFlight.delete(entry.id);
    }
  }

  /** Renews the claim at a third of the lease, so a slow GitHub never lets another process take it. */
  private keepLease(id: string): NodeJS.Timeout {
    const { journal, leaseMs, now, log } = this.opts;
    const timer = setInterval(() => {
      journal.extendLease(id, this.id, new Date(now().getTime() + leaseMs)).catch((err: unknown) => log.warn({ err, delivery: id }, "could not renew the journal lease"));
    }, Math.max(1000, Math.floor(leaseMs / 3)));
    timer.unref();
    return timer;
  }
}

/** One line for the journal: the HTTP status and request when GitHub answered, then the message. */
function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const { status, request } = (error ?? {}) as { status?: unknown; request?: { method?: unknown; url?: unknown } };
  if (typeof status !== "number") return message;
  const path = typeof request?.url === "string" ? new URL(request.url).pathname.replace(/^\/api\/v3/, "") : null;
  return path && typeof request?.method === "string" ? `HTTP ${status} on ${request.method} ${path}: ${message}` : `HTTP ${status}: ${message}`;
}
