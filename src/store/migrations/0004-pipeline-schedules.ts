/** Scheduled pipelines, registered whenever a repository's config is read from its default branch. */
import type { Kysely, Migration } from "kysely";
import type { Dialect } from "../dialect.js";

export function pipelineSchedules(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("pipeline_schedules")
        .addColumn("repo_key", "text", (c) => c.notNull())
        .addColumn("pipeline", "text", (c) => c.notNull())
        .addColumn("owner", "text", (c) => c.notNull())
        .addColumn("repo", "text", (c) => c.notNull())
        .addColumn("installation_id", "bigint", (c) => c.notNull())
        .addColumn("cron", "text", (c) => c.notNull())
        .addColumn("branch", "text")
        .addColumn("updated_at", dialect.columnTypes.time, (c) => c.notNull())
        .addPrimaryKeyConstraint("pipeline_schedules_pk", ["repo_key", "pipeline"])
        .execute();
    },
  };
}
