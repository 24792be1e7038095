/**
 * The release train's state per repository (what GitHub cannot tell again cheaply), and when the
 * train asked to be woken (the end of a soak) with the event to wake it with.
 */
import type { Kysely, Migration } from "kysely";
import type { Dialect } from "../dialect.js";

export function trainState(dialect: Dialect): Migration {
  const { time, json } = dialect.columnTypes;
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("train_state")
        .addColumn("repo_key", "text", (c) => c.primaryKey())
        .addColumn("owner", "text", (c) => c.notNull())
        .addColumn("repo", "text", (c) => c.notNull())
        .addColumn("installation_id", "bigint", (c) => c.notNull())
        .addColumn("data", json, (c) => c.notNull())
        .addColumn("wake_at", time)
        .addColumn("wake_event", json)
        .addColumn("updated_at", time, (c) => c.notNull())
        .execute();
      await db.schema.createIndex("train_state_wake").on("train_state").column("wake_at").execute();
    },
  };
}
