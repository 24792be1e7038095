/** The last valid `.github/signalbox.yml` of each repository. */
import type { Kysely } from "kysely";
import type { SignalboxConfig } from "../config/schema.js";
import { repoKey, type RepoRef } from "../core/types.js";
import type { Dialect } from "./dialect.js";
import type { Database } from "./schema.js";

export interface RepoConfigStore {
  lastValid(repo: RepoRef): Promise<SignalboxConfig | null>;
  saveValid(repo: RepoRef, config: SignalboxConfig, now: Date): Promise<void>;
}

export function createRepoConfigStore(db: Kysely<Database>, dialect: Dialect): RepoConfigStore {
  return {
    async lastValid(repo) {
      const row = await db.selectFrom("repo_configs").select("config").where("repo_key", "=", repoKey(repo)).executeTakeFirst();
      return row ? (dialect.fromDbJson(row.config) as SignalboxConfig) : null;
    },
    async saveValid(repo, config, now) {
      const row = { repo_key: repoKey(repo), config: dialect.toDbJson(config), updated_at: dialect.toDbTime(now) };
      await db.insertInto("repo_configs").values(row).onConflict((oc) => oc.column("repo_key").doUpdateSet({ config: row.config, updated_at: row.updated_at })).execute();
    },
  };
}
