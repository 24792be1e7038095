/**
 * Retention: finished journal entries, recorded effects and remembered GitHub writes older than
 * the cutoff are deleted, so the store stays bounded under steady traffic (a forgotten write costs
 * one lookup the next time, nothing more). Results, waivers and pipeline runs are kept
 * (they are evidence and history, not bookkeeping).
 */
import type { Kysely } from "kysely";
import type { Dialect } from "./dialect.js";
import type { Database } from "./schema.js";

export interface Pruned {
  journal: number;
  effects: number;
  writes: number;
}

export async function pruneBookkeeping(db: Kysely<Database>, dialect: Dialect, before: Date): Promise<Pruned> {
  const cutoff = dialect.toDbTime(before);
  const journal = await db
    .deleteFrom("journal")
    .where("state", "in", ["done", "ignored", "failed"])
    .where("finished_at", "<", cutoff)
    .executeTakeFirst();
  const effects = await db.deleteFrom("effects").where("applied_at", "<", cutoff).executeTakeFirst();
  const writes = await db.deleteFrom("github_writes").where("updated_at", "<", cutoff).executeTakeFirst();
  return { journal: Number(journal.numDeletedRows), effects: Number(effects.numDeletedRows), writes: Number(writes.numDeletedRows) };
}
