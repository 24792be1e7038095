/**
 * Writing a batch of deliveries to the journal: one transaction, one commit (see group-commit.ts).
 * PostgreSQL goes through Kysely. Embedded SQLite runs one prepared statement per row inside a
 * better-sqlite3 transaction: building and compiling Kysely's multi-row insert cost as much CPU
 * as SQLite's own write, on the path every delivery waits on before it is acknowledged.
 */
import type SqliteDatabase from "better-sqlite3";
import type { Kysely } from "kysely";
import type { Dialect } from "./dialect.js";
import type { Database } from "./schema.js";
import type { NewJournalEntry } from "./store.js";

export type RecordOutcome = "recorded" | "duplicate";

/** Inserts entries with distinct ids in one transaction; resolves with the ids that were new. */
export type InsertEntries = (entries: NewJournalEntry[]) => Promise<Set<string>>;

/**
 * Records a batch. An id seen twice in the batch, or already journaled, is a duplicate. If the
 * batch fails, each entry is tried on its own, so one entry the database refuses fails only its
 * own delivery.
 */
export async function recordBatch(insert: InsertEntries, entries: NewJournalEntry[]): Promise<Array<PromiseSettledResult<RecordOutcome>>> {
  const isFirst = entries.map((entry, i) => entries.findIndex((other) => other.id === entry.id) === i);
  const outcomeOf = (inserted: Set<string>, i: number): RecordOutcome => (isFirst[i] && inserted.has(entries[i]!.id) ? "recorded" : "duplicate");
  try {
    const inserted = await insert(entries.filter((_, i) => isFirst[i]));
    return entries.map((_, i) => ({ status: "fulfilled", value: outcomeOf(inserted, i) }));
  } catch (error) {
    if (entries.length === 1) return [{ status: "rejected", reason: error }];
    return recordOneByOne(insert, entries);
  }
}

/** In arrival order (the order seq must follow): a refused entry fails alone, and a repeat of it is tried again rather than reported as a duplicate of nothing. */
async function recordOneByOne(insert: InsertEntries, entries: NewJournalEntry[]): Promise<Array<PromiseSettledResult<RecordOutcome>>> {
  const stored = new Set<string>();
  const results: Array<PromiseSettledResult<RecordOutcome>> = [];
  for (const entry of entries) {
    try {
      const recorded = !stored.has(entry.id) && (await insert([entry])).has(entry.id);
      if (recorded) stored.add(entry.id);
      results.push({ status: "fulfilled", value: recorded ? "recorded" : "duplicate" });
    } catch (reason) {
      results.push({ status: "rejected", reason });
    }
  }
  return results;
}

export function kyselyInserter(db: Kysely<Database>, dialect: Dialect): InsertEntries {
  return async (entries) => {
    const rows = entries.map((entry) => {
      const receivedAt = dialect.toDbTime(entry.receivedAt ?? new Date());
      return {
        id: entry.id,
        name: entry.name,
        repo_key: entry.repoKey,
        installation_id: entry.installationId,
        payload: dialect.toDbJson(entry.payload),
        state: "pending" as const,
        attempts: 0,
        received_at: receivedAt,
        available_at: receivedAt,
      };
    });
    const repoKeys = [...new Set(entries.map((entry) => entry.repoKey))];
    const inserted = await dialect.serialisePerRepo(db, repoKeys, (trx) =>
      trx.insertInto("journal").values(rows).onConflict((oc) => oc.column("id").doNothing()).returning("id").execute(),
    );
    return new Set(inserted.map((row) => row.id));
  };
}

const INSERT_SQL = `insert into journal (id, name, repo_key, installation_id, payload, state, attempts, received_at, available_at)
  values (?, ?, ?, ?, ?, 'pending', 0, ?, ?) on conflict (id) do nothing`;

/**
 * `database` is the connection Kysely (`db`) runs on. The insert takes Kysely's hold on it first,
 * so it never runs inside a transaction Kysely has open across an await (it would then commit, or
 * roll back, with that transaction); SQLite's single writer keeps seq in commit order.
 */
export function sqliteInserter(db: Kysely<Database>, database: SqliteDatabase.Database, dialect: Dialect): InsertEntries {
  let statement: SqliteDatabase.Statement | undefined;
  const insertAll = (entries: NewJournalEntry[]) =>
    database.transaction(() => {
      statement ??= database.prepare(INSERT_SQL);
      const inserted = new Set<string>();
      for (const entry of entries) {
        const receivedAt = dialect.toDbTime(entry.receivedAt ?? new Date());
        const row = [entry.id, entry.name, entry.repoKey, entry.installationId, dialect.toDbJson(entry.payload), receivedAt, receivedAt];
        if (statement.run(...row).changes > 0) inserted.add(entry.id);
      }
      return inserted;
    })();
  return (entries) => db.connection().execute(async () => insertAll(entries));
}
