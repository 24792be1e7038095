/**
 * Everything that differs between the two engines: column types, how timestamps and JSON are
 * stored, row locking for the journal claim, and named locks. The rest of src/store writes
 * portable Kysely and asks this file when the engines disagree.
 */
import { createHash } from "node:crypto";
import { sql, type Kysely, type SelectQueryBuilder } from "kysely";
import type { Database, DbTime } from "./schema.js";
import { withLockRow } from "./lock-row.js";

export type Engine = "sqlite" | "postgres";

/** How long a SQLite statement waits for another connection's write lock before failing. */
export const BUSY_TIMEOUT_MS = 5000;
/** How long a starting process waits for another one's migrations on SQLite. */
const MIGRATION_WAIT_MS = 60_000;

export interface ColumnTypes {
  time: "timestamptz" | "bigint";
  json: "jsonb" | "text";
}

export interface Dialect {
  readonly engine: Engine;
  readonly columnTypes: ColumnTypes;
  toDbTime(date: Date): DbTime;
  fromDbTime(value: DbTime): Date;
  /** Serialises a JSON value for writing; `undefined` is stored as JSON null. */
  toDbJson(value: unknown): string;
  fromDbJson(value: unknown): unknown;
  /** Row locking for the claim's candidate select (none on SQLite: writes are serialised). */
  lockCandidate<DB, TB extends keyof DB, O>(qb: SelectQueryBuilder<DB, TB, O>): SelectQueryBuilder<DB, TB, O>;
  /** Runs fn (one journal insert of these repositories' entries) so each repository's inserts commit in `seq` order (see journal.ts). */
  serialisePerRepo<T>(db: Kysely<Database>, repoKeys: string[], fn: (db: Kysely<Database>) => Promise<T>): Promise<T>;
  withLock<T>(db: Kysely<Database>, name: string, fn: () => Promise<T>, wait: boolean): Promise<T | undefined>;
  /**
   * Runs the migrator so that two processes starting at once do not both apply a migration.
   * `ownTransaction` tells the migrator whether to open its own transaction.
   */
  migrating<T>(db: Kysely<Database>, fn: (db: Kysely<Database>, ownTransaction: boolean) => Promise<T>): Promise<T>;
}

/** pg returns int8 and count(*) as strings; SQLite returns numbers. */
export function toNumber(value: number | string | bigint): number {
  return typeof value === "number" ? value : Number(value);
}

export function createDialect(engine: Engine): Dialect {
  return engine === "postgres" ? postgresDialect : sqliteDialect;
}

const toJsonText = (value: unknown): string => JSON.stringify(value ?? null);

/** SQLite stores epoch milliseconds: integer comparison is exact and needs no parsing. */
const sqliteDialect: Dialect = {
  engine: "sqlite",
  columnTypes: { time: "bigint", json: "text" },
  toDbTime: (date) => date.getTime(),
  fromDbTime: (value) => new Date(value),
  toDbJson: toJsonText,
  fromDbJson: (value) => (typeof value === "string" ? JSON.parse(value) : value),
  lockCandidate: (qb) => qb,
  // SQLite has one writer at a time, so a single insert commits in the order it is numbered.
  // No transaction: better-sqlite3 blocks the event loop while it waits for a lock, so a lock
  // held across an await would stall every other connection in this process.
  serialisePerRepo: (db, _repoKeys, fn) => fn(db),
  withLock: (db, name, fn, wait) => withLockRow(db, name, fn, wait),
  // Kysely's migration lock is a no-op on SQLite (it assumes one process), so hold the write
  // lock for the whole run: a second process waits, then finds nothing to do.
  migrating: (db, fn) =>
    db.connection().execute(async (conn) => {
      await beginImmediate(conn);
      try {
        const result = await fn(conn, false);
        await sql`commit`.execute(conn);
        return result;
      } catch (error) {
        await sql`rollback`.execute(conn);
        throw error;
      }
    }),
};

const postgresDialect: Dialect = {
  engine: "postgres",
  columnTypes: { time: "timestamptz", json: "jsonb" },
  // pg sends a Date as an ISO string with offset and parses timestamptz back into a Date.
  toDbTime: (date) => date,
  fromDbTime: (value) => (value instanceof Date ? value : new Date(value)),
  // Always send text: pg would turn a JS array into a PostgreSQL array, not JSON.
  toDbJson: toJsonText,
  // pg already parsed jsonb; parsing again would break values that are plain strings.
  fromDbJson: (value) => value,
  lockCandidate: (qb) => qb.forUpdate().skipLocked(),
  serialisePerRepo: (db, repoKeys, fn) =>
    db.transaction().execute(async (trx) => {
      // In one order everywhere, so two batches sharing repositories cannot deadlock.
      for (const key of [...repoKeys].sort()) await sql`select pg_advisory_xact_lock(${advisoryKey(`journal:${key}`)}::bigint)`.execute(trx);
      return fn(trx);
    }),
  withLock: withAdvisoryLock,
  // Kysely's migrator takes a transaction-scoped advisory lock on PostgreSQL itself.
  migrating: (db, fn) => fn(db, true),
};

/**
 * BEGIN IMMEDIATE without SQLite's busy handler: better-sqlite3 waits synchronously, which would
 * freeze this process, and with it a holder in the same process (tests open several stores).
 */
async function beginImmediate(conn: Kysely<Database>): Promise<void> {
  const deadline = Date.now() + MIGRATION_WAIT_MS;
  await sql`pragma busy_timeout = 0`.execute(conn);
  try {
    for (let delay = 5; ; delay = Math.min(delay * 2, 200)) {
      try {
        return void (await sql`begin immediate`.execute(conn));
      } catch (error) {
        if ((error as { code?: string }).code !== "SQLITE_BUSY" || Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  } finally {
    await sql.raw(`pragma busy_timeout = ${BUSY_TIMEOUT_MS}`).execute(conn);
  }
}

/** A stable 64-bit key for a name; a collision only makes two names share one lock. */
function advisoryKey(name: string): string {
  return createHash("sha256").update(`signalbox:${name}`).digest().readBigInt64BE(0).toString();
}

/**
 * Session advisory locks belong to a connection, so the lock is taken, held and released on one
 * connection reserved from the pool for fn's whole duration; fn itself may use any connection.
 * If the process dies, the connection closes and PostgreSQL releases the lock.
 */
async function withAdvisoryLock<T>(
  db: Kysely<Database>,
  name: string,
  fn: () => Promise<T>,
  wait: boolean,
): Promise<T | undefined> {
  const key = advisoryKey(`lock:${name}`);
  return db.connection().execute(async (conn) => {
    if (wait) {
      await sql`select pg_advisory_lock(${key}::bigint)`.execute(conn);
    } else {
      const { rows } = await sql<{ ok: boolean }>`select pg_try_advisory_lock(${key}::bigint) as ok`.execute(conn);
      if (rows[0]?.ok !== true) return undefined;
    }
    try {
      return await fn();
    } finally {
      await sql`select pg_advisory_unlock(${key}::bigint)`.execute(conn);
    }
  });
}
