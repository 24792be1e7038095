/**
 * The event journal: every delivery is recorded before work starts, then claimed by one worker.
 *
 * Ordering rule: an entry is claimable only while it is the *head* of its repository — no older
 * entry of the same `repo_key` is still pending or in flight — and it is available (pending and
 * due, or in flight with an expired lease, i.e. its worker died). So one repository's entries run
 * one at a time in arrival (`seq`) order, and an entry waiting for a retry holds back the newer
 * entries of its repository rather than letting them overtake it.
 *
 * Why this is safe with several processes claiming at once (PostgreSQL, READ COMMITTED):
 * 1. Each repository has at most one head, and a head stays the head until it is finished,
 *    because finished is final and newer entries have larger `seq`. Two claimers can therefore
 *    only ever race for the same row, never for two rows of one repository.
 * 2. That race is settled by the row lock: the candidate select is `FOR UPDATE SKIP LOCKED`, and
 *    a row changed by a claimer that committed first is re-checked on its new version
 *    (in flight, lease not expired) and dropped. The UPDATE re-checks availability as well, so a
 *    double claim is impossible even without SKIP LOCKED; SKIP LOCKED keeps claimers from
 *    queueing behind each other's row locks.
 * 3. A stale snapshot can only make a claimer think an older entry is still open (it then claims
 *    nothing or another repository's work; the next poll catches up), never the reverse, as long
 *    as `seq` order is commit order within a repository. `record` makes that so by taking the
 *    advisory lock of every repository in its batch around the batch's insert (SQLite has a
 *    single writer anyway).
 * On SQLite the claim is one UPDATE statement, which takes the write lock before it reads, like
 * BEGIN IMMEDIATE: no other writer runs between its check and its update.
 */
import { sql, type Kysely, type Selectable, type SqlBool } from "kysely";
import { toNumber, type Dialect } from "./dialect.js";
import type { Database, DbTime, JournalTable } from "./schema.js";
import { GroupCommit } from "./group-commit.js";
import { kyselyInserter, recordBatch, type InsertEntries, type RecordOutcome } from "./journal-insert.js";
import type { Journal, JournalEntry, JournalOutcome, JournalRecord, NewJournalEntry } from "./store.js";

/** Deliveries per group commit: ~25 kB payloads, so a batch stays a few milliseconds of writing. */
const MAX_BATCH = 64;

const OPEN = ["pending", "in_flight"] as const;

/**
 * "Open" spelled exactly as the partial indexes' predicate (migration 0001), with literals: the
 * planners use a partial index only when the query implies its predicate, which bound
 * parameters (`state in ($1, $2)`) never do.
 */
function isOpen(table: string) {
  return sql<SqlBool>`${sql.ref(`${table}.state`)} in ('pending', 'in_flight')`;
}

/** Unqualified columns so it reads the same in the outer UPDATE and the aliased candidate select. */
function isAvailable(now: DbTime) {
  return sql<SqlBool>`((state = 'pending' and available_at <= ${now}) or (state = 'in_flight' and lease_until < ${now}))`;
}

export function createJournal(db: Kysely<Database>, dialect: Dialect, insert: InsertEntries = kyselyInserter(db, dialect)): Journal {
  const toEntry = (row: Selectable<JournalTable>): JournalEntry => ({
    id: row.id,
    name: row.name,
    repoKey: row.repo_key,
    installationId: row.installation_id === null ? null : toNumber(row.installation_id),
    payload: dialect.fromDbJson(row.payload),
    attempts: row.attempts,
    receivedAt: dialect.fromDbTime(row.received_at),
  });
  const toTime = (value: DbTime | null): Date | null => (value === null ? null : dialect.fromDbTime(value));
  const batches = new GroupCommit<NewJournalEntry, RecordOutcome>((entries) => recordBatch(insert, entries), MAX_BATCH);

  return {
    record: (entry: NewJournalEntry) => batches.add(entry),

    async claimNext(workerId: string, leaseMs: number, now: Date) {
      const at = dialect.toDbTime(now);
      // Each repository's head is its smallest open seq. The aggregate reads only the partial
      // (repo_key, seq) index of open entries, never a row: rows carry the payload, and on SQLite
      // reading a column stored after it walks the payload's overflow pages, which made a claim
      // behind a backlog of a few thousand entries block the process for ~100 ms.
      const heads = db
        .selectFrom("journal as open")
        .select((eb) => eb.fn.min("open.seq").as("seq"))
        .where(isOpen("open"))
        .groupBy("open.repo_key");
      const head = db
        .selectFrom("journal as j")
        .select("j.seq")
        .where("j.seq", "in", heads)
        .where(isAvailable(at))
        .orderBy("j.seq")
        .limit(1);
      const row = await db
        .updateTable("journal")
        .set({
          state: "in_flight",
          claimed_by: workerId,
          lease_until: dialect.toDbTime(new Date(now.getTime() + leaseMs)),
          // Taking over an expired lease means the previous attempt died: count it.
          attempts: sql<number>`case when state = 'in_flight' then attempts + 1 else attempts end`,
        })
        .where("seq", "=", dialect.lockCandidate(head))
        .where(isAvailable(at))
        .returningAll()
        .executeTakeFirst();
      return row === undefined ? undefined : toEntry(row);
    },

    async finish(id: string, outcome: JournalOutcome, detail: string | null, now: Date, workerId?: string) {
      const result = await db
        .updateTable("journal")
        .set({ state: outcome, detail, finished_at: dialect.toDbTime(now), claimed_by: null, lease_until: null })
        .where("id", "=", id)
        .where("state", "in", OPEN)
        .$if(workerId !== undefined, (qb) => qb.where("claimed_by", "=", workerId ?? null))
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async release(id: string, error: string, retryAt: Date, workerId?: string) {
      const result = await db
        .updateTable("journal")
        .set((eb) => ({
          state: "pending",
          available_at: dialect.toDbTime(retryAt),
          attempts: eb("attempts", "+", 1),
          last_error: error,
          claimed_by: null,
          lease_until: null,
        }))
        .where("id", "=", id)
        .where("state", "=", "in_flight")
        .$if(workerId !== undefined, (qb) => qb.where("claimed_by", "=", workerId ?? null))
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async extendLease(id: string, workerId: string, leaseUntil: Date) {
      const result = await db
        .updateTable("journal")
        .set({ lease_until: dialect.toDbTime(leaseUntil) })
        .where("id", "=", id)
        .where("state", "=", "in_flight")
        .where("claimed_by", "=", workerId)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async hasOpen(repoKey: string) {
      const row = await db.selectFrom("journal").select("seq").where("repo_key", "=", repoKey).where(isOpen("journal")).limit(1).executeTakeFirst();
      return row !== undefined;
    },

    async pendingCount() {
      const row = await db
        .selectFrom("journal")
        .select((eb) => eb.fn.countAll<number | string>().as("n"))
        .where(isOpen("journal"))
        .executeTakeFirstOrThrow();
      return toNumber(row.n);
    },

    async get(id: string): Promise<JournalRecord | undefined> {
      const row = await db.selectFrom("journal").selectAll().where("id", "=", id).executeTakeFirst();
      if (row === undefined) return undefined;
      return {
        ...toEntry(row),
        state: row.state,
        outcome: row.state === "pending" || row.state === "in_flight" ? null : row.state,
        detail: row.detail,
        lastError: row.last_error,
        availableAt: dialect.fromDbTime(row.available_at),
        claimedBy: row.claimed_by,
        leaseUntil: toTime(row.lease_until),
        finishedAt: toTime(row.finished_at),
      };
    },
  };
}
