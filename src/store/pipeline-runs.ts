/** Pipeline runs, stored as JSON beside the columns lookups filter on. */
import type { Kysely } from "kysely";
import { FINISHED_RUN, type PipelineRun } from "../core/runs/types.js";
import { repoKey } from "../core/types.js";
import type { Dialect } from "./dialect.js";
import type { Database } from "./schema.js";

export interface RunStore {
  /** Inserts or replaces the run. */
  save(run: PipelineRun): Promise<void>;
  /** The repository's active runs, plus every run of the pull request or commit asked about (newest 100). */
  forRepo(repo: string, about?: { prNumber?: number; sha?: string }): Promise<PipelineRun[]>;
  /** Active runs across every repository (for timeouts), oldest first. */
  active(limit: number): Promise<PipelineRun[]>;
}

export function createRunStore(db: Kysely<Database>, dialect: Dialect): RunStore {
  const toRun = (row: { data: unknown }) => dialect.fromDbJson(row.data) as PipelineRun;
  return {
    async save(run) {
      const row = {
        id: run.id,
        repo_key: repoKey(run.repo),
        installation_id: run.repo.installationId,
        pipeline: run.pipeline,
        sha: run.sha,
        pr_number: run.trigger.prNumber ?? null,
        active: FINISHED_RUN.has(run.status) ? 0 : 1,
        data: dialect.toDbJson(run),
        created_at: dialect.toDbTime(new Date(run.createdAt)),
        updated_at: dialect.toDbTime(new Date(run.updatedAt)),
      };
      await db
        .insertInto("pipeline_runs")
        .values(row)
        .onConflict((oc) => oc.column("id").doUpdateSet({ active: row.active, data: row.data, updated_at: row.updated_at }))
        .execute();
    },
    async forRepo(repo, about = {}) {
      const rows = await db
        .selectFrom("pipeline_runs")
        .select("data")
        .where("repo_key", "=", repo.toLowerCase())
        .where((eb) =>
          eb.or([
            eb("active", "=", 1),
            ...(about.prNumber !== undefined ? [eb("pr_number", "=", about.prNumber)] : []),
            ...(about.sha ? [eb("sha", "=", about.sha)] : []),
          ]),
        )
        .orderBy("created_at", "desc")
        .limit(100)
        .execute();
      return rows.map(toRun);
    },
    async active(limit) {
      const rows = await db.selectFrom("pipeline_runs").select("data").where("active", "=", 1).orderBy("created_at").limit(limit).execute();
      return rows.map(toRun);
    },
  };
}
