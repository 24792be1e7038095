/** The release train's state per repository (what GitHub cannot tell again cheaply). */
import type { Kysely, Migration } from "kysely";
import type { Dialect } from "../dialect.js";

export function trainState(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("train_state")
        .addColumn("repo_key", "text", (c) => c.primaryKey())
        .addColumn("data", dialect.columnTypes.json, (c) => c.notNull())
        .addColumn("updated_at", dialect.columnTypes.time, (c) => c.notNull())
        .execute();
    },
  };
}
