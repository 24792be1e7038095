/**
 * What signalbox last wrote to GitHub per object it keeps up to date (a check run per commit and
 * name, its comment per issue and marker): the object's id and a fingerprint of the write, so an
 * unchanged write is skipped and a changed one goes straight to the object without a lookup.
 */
import type { Kysely, Migration } from "kysely";
import type { Dialect } from "../dialect.js";

export function githubWrites(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("github_writes")
        .addColumn("repo_key", "text", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("write_key", "text", (c) => c.notNull())
        .addColumn("object_id", "bigint", (c) => c.notNull())
        .addColumn("fingerprint", "text", (c) => c.notNull())
        .addColumn("updated_at", dialect.columnTypes.time, (c) => c.notNull())
        .addPrimaryKeyConstraint("github_writes_pk", ["repo_key", "kind", "write_key"])
        .execute();
    },
  };
}
