/**
 * Deliveries the board owes the outside world (the project webhook, commit statuses), kept in a
 * table so an accepted build never loses them to a crash or a slow receiver.
 *
 * Why a table of its own rather than the journal: each row holds the *latest* state for its key
 * (one per project webhook, one per commit-status context), so a burst of reports coalesces
 * into one send of the newest state, and a failing old state is simply superseded. The journal
 * keeps every entry and would resend every stale state in order.
 *
 * Order: a key is claimed by one worker at a time (a lease), `version` is bumped by every newer
 * state, and a send only removes the row when the version it sent is still current. So the
 * newest state is always sent last, by exactly one process at a time, and never dropped.
 */
import { sql, type Kysely, type SqlBool } from "kysely";
import type { Dialect } from "./dialect.js";
import type { Database, DbTime } from "./schema.js";

export type OutboxKind = "project-webhook" | "commit-status";

export interface OutboxItem {
  key: string;
  kind: OutboxKind;
  payload: unknown;
  version: number;
  /** Failed sends of this key since its state last changed. */
  attempts: number;
  lastError: string | null;
}

export interface BoardOutbox {
  /** Records the newest state for `key`, due now; an older unsent state under the key is replaced. */
  put(kind: OutboxKind, key: string, payload: unknown, now: Date): Promise<void>;
  /** Takes the oldest due item whose key no live worker holds. */
  claim(workerId: string, leaseMs: number, now: Date): Promise<OutboxItem | undefined>;
  /** The send succeeded (or was given up): removes the item unless a newer state arrived meanwhile. */
  complete(item: OutboxItem, workerId: string): Promise<void>;
  /** The send failed: due again at `retryAt`, unless a newer state arrived (then it is due now). */
  fail(item: OutboxItem, workerId: string, error: string, retryAt: Date): Promise<void>;
  /** When the next item becomes due (undefined when the outbox is empty). */
  nextDue(): Promise<Date | undefined>;
  list(): Promise<OutboxItem[]>;
}

function isFree(now: DbTime) {
  return sql<SqlBool>`(available_at <= ${now} and (lease_until is null or lease_until < ${now}))`;
}

export function createBoardOutbox(db: Kysely<Database>, dialect: Dialect): BoardOutbox {
  const release = (key: string, workerId: string) =>
    db.updateTable("board_outbox").set({ claimed_by: null, lease_until: null }).where("key", "=", key).where("claimed_by", "=", workerId).execute();
  const toItem = (row: { key: string; kind: string; payload: unknown; version: number; attempts: number; last_error: string | null }): OutboxItem => ({
    key: row.key,
    kind: row.kind as OutboxKind,
    payload: dialect.fromDbJson(row.payload),
    version: row.version,
    attempts: row.attempts,
    lastError: row.last_error,
  });

  return {
    async put(kind, key, payload, now) {
      const at = dialect.toDbTime(now);
      await db
        .insertInto("board_outbox")
        .values({ key, kind, payload: dialect.toDbJson(payload), version: 1, attempts: 0, available_at: at })
        // The lease stays: a send in flight finishes first, then sees the new version and leaves the row due.
        .onConflict((oc) =>
          oc.column("key").doUpdateSet({
            payload: (eb) => eb.ref("excluded.payload"),
            version: sql`board_outbox.version + 1`,
            attempts: 0,
            last_error: null,
            available_at: at,
          }),
        )
        .execute();
    },

    async claim(workerId, leaseMs, now) {
      const at = dialect.toDbTime(now);
      const candidate = db.selectFrom("board_outbox as o").select("o.key").where(isFree(at)).orderBy("o.available_at").limit(1);
      const row = await db
        .updateTable("board_outbox")
        .set({ claimed_by: workerId, lease_until: dialect.toDbTime(new Date(now.getTime() + leaseMs)) })
        .where("key", "=", dialect.lockCandidate(candidate))
        .where(isFree(at))
        .returningAll()
        .executeTakeFirst();
      return row === undefined ? undefined : toItem(row);
    },

    async complete(item, workerId) {
      const gone = await db.deleteFrom("board_outbox").where("key", "=", item.key).where("version", "=", item.version).executeTakeFirst();
      if (gone.numDeletedRows === 0n) await release(item.key, workerId);
    },

    async fail(item, workerId, error, retryAt) {
      const updated = await db
        .updateTable("board_outbox")
        .set((eb) => ({ attempts: eb("attempts", "+", 1), last_error: error, available_at: dialect.toDbTime(retryAt), claimed_by: null, lease_until: null }))
        .where("key", "=", item.key)
        .where("version", "=", item.version)
        .executeTakeFirst();
      if (updated.numUpdatedRows === 0n) await release(item.key, workerId);
    },

    async nextDue() {
      const row = await db
        .selectFrom("board_outbox")
        .select((eb) => eb.fn.min("available_at").as("due"))
        .executeTakeFirst();
      return row?.due == null ? undefined : dialect.fromDbTime(row.due as DbTime);
    },

    async list() {
      return (await db.selectFrom("board_outbox").selectAll().orderBy("available_at").execute()).map(toItem);
    },
  };
}
