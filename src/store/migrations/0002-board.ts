/**
 * The board: projects, revisions, builds, build locks, and the outbox of deliveries the board owes
 * (project webhook, commit statuses). Forward only, like 0001.
 */
import type { ColumnDefinitionBuilder, Kysely, Migration } from "kysely";
import type { Dialect } from "../dialect.js";

export function board(dialect: Dialect): Migration {
  const { time, json } = dialect.columnTypes;
  const serial = dialect.engine === "postgres" ? "serial" : "integer";
  // SQLite needs AUTOINCREMENT so a pruned revision's id is never reused (ids give the row order).
  const idColumn = (c: ColumnDefinitionBuilder) =>
    dialect.engine === "postgres" ? c.primaryKey() : c.primaryKey().autoIncrement();
  return {
    async up(db: Kysely<unknown>) {
      // 1. projects, found by their exact repository string
      await db.schema
        .createTable("board_projects")
        .addColumn("id", serial, idColumn)
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("repository", "text", (c) => c.notNull().unique())
        .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("mappings", json, (c) => c.notNull())
        .addColumn("created_at", time, (c) => c.notNull())
        .execute();
      await db.schema.createIndex("board_projects_by_name").on("board_projects").columns(["name", "id"]).execute();
      // 2. revisions and builds; deleting a project removes them (foreign keys are on for SQLite)
      await db.schema
        .createTable("board_revisions")
        .addColumn("id", serial, idColumn)
        .addColumn("project_id", "integer", (c) => c.notNull().references("board_projects.id").onDelete("cascade"))
        .addColumn("hash", "text", (c) => c.notNull())
        .addColumn("created_at", time, (c) => c.notNull())
        .addUniqueConstraint("board_revisions_project_hash", ["project_id", "hash"])
        .execute();
      // newest-first listing and pruning walk this index
      await db.schema.createIndex("board_revisions_by_project").on("board_revisions").columns(["project_id", "id"]).execute();
      await db.schema
        .createTable("board_builds")
        .addColumn("id", serial, idColumn)
        .addColumn("revision_id", "integer", (c) => c.notNull().references("board_revisions.id").onDelete("cascade"))
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("status_url", "text")
        .addColumn("created_at", time, (c) => c.notNull())
        .addColumn("updated_at", time, (c) => c.notNull())
        .addUniqueConstraint("board_builds_revision_name", ["revision_id", "name"])
        .execute();
      // 3. build locks and the outbox
      await db.schema
        .createTable("board_locks")
        .addColumn("repository", "text", (c) => c.notNull())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("revision", "text", (c) => c.notNull())
        .addColumn("expires_at", time, (c) => c.notNull())
        .addPrimaryKeyConstraint("board_locks_pk", ["repository", "name"])
        .execute();
      await db.schema
        .createTable("board_outbox")
        .addColumn("key", "text", (c) => c.primaryKey())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("payload", json, (c) => c.notNull())
        .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
        .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("available_at", time, (c) => c.notNull())
        .addColumn("claimed_by", "text")
        .addColumn("lease_until", time)
        .addColumn("last_error", "text")
        .execute();
      await db.schema.createIndex("board_outbox_due").on("board_outbox").column("available_at").execute();
    },
  };
}
