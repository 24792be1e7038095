/** Pipeline runs: one row per run, the run itself as JSON, and the columns lookups filter on. */
import type { Kysely, Migration } from "kysely";
import type { Dialect } from "../dialect.js";

export function pipelineRuns(dialect: Dialect): Migration {
  const { time, json } = dialect.columnTypes;
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("pipeline_runs")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("repo_key", "text", (c) => c.notNull())
        .addColumn("installation_id", "bigint", (c) => c.notNull())
        .addColumn("pipeline", "text", (c) => c.notNull())
        .addColumn("sha", "text", (c) => c.notNull())
        .addColumn("pr_number", "integer")
        .addColumn("active", "integer", (c) => c.notNull())
        .addColumn("data", json, (c) => c.notNull())
        .addColumn("created_at", time, (c) => c.notNull())
        .addColumn("updated_at", time, (c) => c.notNull())
        .execute();
      await db.schema.createIndex("pipeline_runs_repo_active").on("pipeline_runs").columns(["repo_key", "active"]).execute();
      await db.schema.createIndex("pipeline_runs_repo_pr").on("pipeline_runs").columns(["repo_key", "pr_number"]).execute();
      await db.schema.createIndex("pipeline_runs_repo_sha").on("pipeline_runs").columns(["repo_key", "sha"]).execute();
    },
  };
}
