/** The last valid config per repository: it stays in force while a broken one is on the default branch. */
import type { Kysely, Migration } from "kysely";
import type { Dialect } from "../dialect.js";

export function repoConfigs(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("repo_configs")
        .addColumn("repo_key", "text", (c) => c.primaryKey())
        .addColumn("config", dialect.columnTypes.json, (c) => c.notNull())
        .addColumn("updated_at", dialect.columnTypes.time, (c) => c.notNull())
        .execute();
    },
  };
}
