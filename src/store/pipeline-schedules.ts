/** Which pipelines run on a schedule, per repository (rebuilt from the config whenever it is read). */
import type { Kysely } from "kysely";
import { repoKey, type RepoRef } from "../core/types.js";
import type { Dialect } from "./dialect.js";
import type { Database } from "./schema.js";

export interface Schedule {
  repo: RepoRef;
  pipeline: string;
  cron: string;
  /** undefined: the repository's default branch. */
  branch?: string;
}

export interface ScheduleStore {
  /** Replaces the repository's schedules with these. */
  replace(repo: RepoRef, schedules: Array<{ pipeline: string; cron: string; branch?: string }>, now: Date): Promise<void>;
  all(): Promise<Schedule[]>;
}

export function createScheduleStore(db: Kysely<Database>, dialect: Dialect): ScheduleStore {
  return {
    async replace(repo, schedules, now) {
      const key = repoKey(repo);
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom("pipeline_schedules").where("repo_key", "=", key).execute();
        if (schedules.length === 0) return;
        await trx
          .insertInto("pipeline_schedules")
          .values(
            schedules.map((s) => ({
              repo_key: key,
              pipeline: s.pipeline,
              owner: repo.owner,
              repo: repo.repo,
              installation_id: repo.installationId,
              cron: s.cron,
              branch: s.branch ?? null,
              updated_at: dialect.toDbTime(now),
            })),
          )
          .execute();
      });
    },
    async all() {
      const rows = await db.selectFrom("pipeline_schedules").selectAll().orderBy("repo_key").execute();
      return rows.map((row) => ({
        repo: { owner: row.owner, repo: row.repo, installationId: Number(row.installation_id) },
        pipeline: row.pipeline,
        cron: row.cron,
        ...(row.branch ? { branch: row.branch } : {}),
      }));
    },
  };
}
