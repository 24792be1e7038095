/** Waivers (WaiverDB's role): added and revoked, never deleted, so a past decision can be replayed. */
import type { Kysely, Selectable } from "kysely";
import type { NewWaiver, Waiver } from "../core/gates/types.js";
import { repoKey, type RepoRef } from "../core/types.js";
import type { Dialect } from "./dialect.js";
import type { Database, WaiversTable } from "./schema.js";

type RepoName = Pick<RepoRef, "owner" | "repo">;

export interface WaiverStore {
  add(repo: RepoName, waiver: NewWaiver): Promise<Waiver>;
  /**
   * Revokes the testcase's waivers on the item that are active at `at`: those of `context`, or
   * with context null, of every context. Returns the waivers revoked (none: nothing was active).
   */
  revoke(repo: RepoName, testcase: string, item: string, context: string | null, by: string, at: Date): Promise<Waiver[]>;
  /** The item's waivers created by `at` (default: all), oldest first, including expired and revoked ones. */
  forItem(repo: RepoName, item: string, at?: Date): Promise<Waiver[]>;
  /** The repository's waivers, newest first. */
  list(repo: RepoName, limit?: number): Promise<Waiver[]>;
}

export function createWaiverStore(db: Kysely<Database>, dialect: Dialect): WaiverStore {
  const toWaiver = (row: Selectable<WaiversTable>): Waiver => ({
    id: Number(row.id),
    repository: row.repo_key,
    testcase: row.testcase,
    item: row.item,
    context: row.context,
    reason: row.reason,
    by: row.waived_by,
    createdAt: dialect.fromDbTime(row.created_at),
    expiresAt: dialect.fromDbTime(row.expires_at),
    revokedAt: row.revoked_at === null ? null : dialect.fromDbTime(row.revoked_at),
    revokedBy: row.revoked_by,
  });
  return {
    async add(repo, waiver) {
      const row = await db
        .insertInto("waivers")
        .values({
          repo_key: repoKey(repo),
          testcase: waiver.testcase,
          item: waiver.item,
          context: waiver.context,
          reason: waiver.reason,
          waived_by: waiver.by,
          created_at: dialect.toDbTime(waiver.createdAt),
          expires_at: dialect.toDbTime(waiver.expiresAt),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toWaiver(row);
    },
    async revoke(repo, testcase, item, context, by, at) {
      const now = dialect.toDbTime(at);
      let q = db
        .updateTable("waivers")
        .set({ revoked_at: now, revoked_by: by })
        .where("repo_key", "=", repoKey(repo))
        .where("item", "=", item)
        .where("testcase", "=", testcase)
        .where("revoked_at", "is", null)
        .where("created_at", "<=", now)
        .where("expires_at", ">", now);
      if (context !== null) q = q.where("context", "=", context);
      const rows = await q.returningAll().execute();
      return rows.map(toWaiver).sort((a, b) => a.id - b.id);
    },
    async forItem(repo, item, at) {
      let q = db.selectFrom("waivers").selectAll().where("repo_key", "=", repoKey(repo)).where("item", "=", item);
      if (at !== undefined) q = q.where("created_at", "<=", dialect.toDbTime(at));
      const rows = await q.orderBy("created_at").orderBy("id").execute();
      return rows.map(toWaiver);
    },
    async list(repo, limit = 500) {
      const rows = await db.selectFrom("waivers").selectAll().where("repo_key", "=", repoKey(repo)).orderBy("created_at", "desc").orderBy("id", "desc").limit(limit).execute();
      return rows.map(toWaiver);
    },
  };
}
