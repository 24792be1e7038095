/**
 * Gating: every test result signalbox sees (history kept, like ResultsDB) and waivers (like
 * WaiverDB). Rows are only ever added, or for waivers marked revoked, so `when=` can replay.
 */
import type { ColumnDefinitionBuilder, Kysely, Migration } from "kysely";
import type { Dialect } from "../dialect.js";

export function resultsAndWaivers(dialect: Dialect): Migration {
  const { time } = dialect.columnTypes;
  const serial = dialect.engine === "postgres" ? "serial" : "integer";
  // AUTOINCREMENT on SQLite: ids never reused, so they break ties in time by arrival.
  const idColumn = (c: ColumnDefinitionBuilder) => (dialect.engine === "postgres" ? c.primaryKey() : c.primaryKey().autoIncrement());
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("results")
        .addColumn("id", serial, idColumn)
        .addColumn("repo_key", "text", (c) => c.notNull())
        .addColumn("testcase", "text", (c) => c.notNull())
        .addColumn("item", "text", (c) => c.notNull())
        .addColumn("outcome", "text", (c) => c.notNull())
        .addColumn("source", "text", (c) => c.notNull())
        .addColumn("ref_url", "text")
        .addColumn("note", "text")
        .addColumn("created_at", time, (c) => c.notNull())
        .execute();
      await db.schema.createIndex("results_by_item").on("results").columns(["repo_key", "item", "testcase", "created_at"]).execute();
      await db.schema.createIndex("results_by_time").on("results").columns(["repo_key", "created_at"]).execute();
      await db.schema
        .createTable("waivers")
        .addColumn("id", serial, idColumn)
        .addColumn("repo_key", "text", (c) => c.notNull())
        .addColumn("testcase", "text", (c) => c.notNull())
        .addColumn("item", "text", (c) => c.notNull())
        .addColumn("context", "text")
        .addColumn("reason", "text", (c) => c.notNull())
        .addColumn("waived_by", "text", (c) => c.notNull())
        .addColumn("created_at", time, (c) => c.notNull())
        .addColumn("expires_at", time, (c) => c.notNull())
        .addColumn("revoked_at", time)
        .addColumn("revoked_by", "text")
        .execute();
      await db.schema.createIndex("waivers_by_item").on("waivers").columns(["repo_key", "item", "testcase"]).execute();
      await db.schema.createIndex("waivers_by_time").on("waivers").columns(["repo_key", "created_at"]).execute();
    },
  };
}
