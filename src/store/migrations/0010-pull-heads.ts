/** The head commit signalbox last heard for each pull request, and when it heard it. */
import type { Kysely, Migration } from "kysely";
import type { Dialect } from "../dialect.js";

export function pullHeads(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("pull_heads")
        .addColumn("repo_key", "text", (c) => c.notNull())
        .addColumn("pr_number", "integer", (c) => c.notNull())
        .addColumn("head_sha", "text", (c) => c.notNull())
        .addColumn("heard_at", dialect.columnTypes.time, (c) => c.notNull())
        .addPrimaryKeyConstraint("pull_heads_pk", ["repo_key", "pr_number"])
        .execute();
    },
  };
}
