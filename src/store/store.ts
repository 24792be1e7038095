/**
 * The store's interface. Two engines implement it (embedded SQLite, PostgreSQL); everything
 * engine-specific lives behind this interface, in src/store/dialect.ts.
 */
import type { Kysely } from "kysely";
import type { Database } from "./schema.js";
import type { BoardFeed, BoardStore } from "./board-store.js";
import type { BoardOutbox } from "./board-outbox.js";
import type { RunStore } from "./pipeline-runs.js";
import type { RepoConfigStore } from "./repo-configs.js";
import type { GitHubWriteStore } from "./github-writes.js";
import type { Pruned } from "./retention.js";
import type { ScheduleStore } from "./pipeline-schedules.js";
import type { TrainStateStore } from "./train-states.js";
import type { ResultStore } from "./results.js";
import type { WaiverStore } from "./waivers.js";
import type { AppSecretStore } from "./app-secrets.js";
import type { PullHeadStore } from "./pull-heads.js";

/** One webhook delivery (or API call, or timer) recorded before any work is done. */
export interface JournalEntry {
  /** Webhook delivery id (X-GitHub-Delivery) or a generated id for non-webhook sources. */
  id: string;
  /** Event name, e.g. "push" or "pull_request.labeled". */
  name: string;
  /** Serialisation key: work for one repository runs one entry at a time, in arrival order. */
  repoKey: string;
  installationId: number | null;
  payload: unknown;
  attempts: number;
  receivedAt: Date;
}

export type JournalOutcome = "done" | "ignored" | "failed";

export type NewJournalEntry = Omit<JournalEntry, "attempts" | "receivedAt"> & { receivedAt?: Date };

/** An entry with its processing state, as `get` returns it. */
export interface JournalRecord extends JournalEntry {
  state: "pending" | "in_flight" | JournalOutcome;
  /** The outcome once finished (the same as `state` then), else null. */
  outcome: JournalOutcome | null;
  detail: string | null;
  lastError: string | null;
  availableAt: Date;
  claimedBy: string | null;
  leaseUntil: Date | null;
  finishedAt: Date | null;
}

export interface Journal {
  /**
   * Records a delivery. Returns "duplicate" (and records nothing) when the id was seen before.
   * `receivedAt` defaults to the current time; it is also when the entry becomes claimable.
   */
  record(entry: NewJournalEntry): Promise<"recorded" | "duplicate">;
  /**
   * Claims the oldest pending entry whose repository has no other entry in flight, for `leaseMs`.
   * Safe across processes: two workers never hold the same entry or two entries of one repository.
   */
  claimNext(workerId: string, leaseMs: number, now: Date): Promise<JournalEntry | undefined>;
  /**
   * Ends an entry's processing. With `workerId`, only while that worker still holds the entry (its
   * lease may have expired and another worker taken it over). Returns false when nothing changed.
   */
  finish(id: string, outcome: JournalOutcome, detail: string | null, now: Date, workerId?: string): Promise<boolean>;
  /**
   * Hands an in-flight entry back to the queue (e.g. GitHub is failing); it becomes claimable at
   * `retryAt`, counts one more attempt and keeps `error`. `workerId` and the result as for finish.
   */
  release(id: string, error: string, retryAt: Date, workerId?: string): Promise<boolean>;
  /**
   * Keeps a claim alive while its work runs (the worker renews it well before it lapses), so a
   * short lease is enough and a crashed process's work is taken over soon. False: not ours any more.
   */
  extendLease(id: string, workerId: string, leaseUntil: Date): Promise<boolean>;
  /** Counts entries still pending or in flight (for readiness and draining). */
  pendingCount(): Promise<number>;
  /** Whether the repository still has entries pending or in flight. */
  hasOpen(repoKey: string): Promise<boolean>;
  get(id: string): Promise<JournalRecord | undefined>;
}

/** Effects recorded by idempotency key so a retried effect is not applied twice. */
export interface EffectLog {
  /** The recorded result of an effect already applied under this key, if any. */
  find(key: string): Promise<{ result: unknown } | undefined>;
  /** Records that the effect under this key was applied with this result. First write wins. */
  record(key: string, kind: string, result: unknown, now: Date): Promise<void>;
}

export interface Store {
  readonly engine: "sqlite" | "postgres";
  readonly db: Kysely<Database>;
  readonly journal: Journal;
  /** Pipeline runs (label- and push-triggered pipelines). */
  readonly runs: RunStore;
  /** The last valid config per repository. */
  readonly configs: RepoConfigStore;
  /** Scheduled pipelines per repository. */
  readonly schedules: ScheduleStore;
  /** The release train per repository. */
  readonly trains: TrainStateStore;
  /** Test results per repository, testcase and item (gating). */
  readonly results: ResultStore;
  /** Waivers of test results (gating). */
  readonly waivers: WaiverStore;
  readonly effects: EffectLog;
  /** Check runs and comments signalbox keeps up to date: their ids and what it last wrote. */
  readonly writes: GitHubWriteStore;
  /** The board: projects, revisions, builds and build locks reported through the HTTP API. */
  readonly board: BoardStore;
  /** Live board changes for dashboards (across replicas on PostgreSQL). */
  readonly boardFeed: BoardFeed & { listening(): Promise<void> };
  /** Webhook and commit-status deliveries the board still owes. */
  readonly boardOutbox: BoardOutbox;
  /** Secrets signalbox generated for itself (SESSION_SECRET when unset), shared by replicas. */
  readonly secrets: AppSecretStore;
  /** When signalbox heard each pull request's current head (comment commands and the reconcile judge by it). */
  readonly pullHeads: PullHeadStore;
  /**
   * Runs `fn` while holding a named lock shared by every process on this store
   * (advisory lock on PostgreSQL, a lock row on SQLite). Returns undefined without running
   * `fn` if the lock is held elsewhere and `wait` is false (the default). Not reentrant.
   */
  /** Deletes finished journal entries and recorded effects older than `before`. */
  prune(before: Date): Promise<Pruned>;
  withLock<T>(name: string, fn: () => Promise<T>, opts?: { wait?: boolean }): Promise<T | undefined>;
  close(): Promise<void>;
}
