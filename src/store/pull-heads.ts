/**
 * When signalbox heard each pull request's current head: the time of the first delivery that
 * named the commit as the new head (opened, reopened, synchronize). A comment command written
 * before that time was written about an older commit. A head that comes back (a force-push to an
 * earlier commit) counts from when it came back.
 */
import type { Kysely } from "kysely";
import { repoKey, type RepoRef } from "../core/types.js";
import type { Dialect } from "./dialect.js";
import type { Database } from "./schema.js";

export interface HeardHead {
  sha: string;
  heardAt: Date;
}

export interface PullHeadStore {
  /** Notes that `sha` is the pull request's head as of `at`; the same head heard again keeps its first time. */
  heard(repo: RepoRef, prNumber: number, sha: string, at: Date): Promise<void>;
  /** The head last heard for the pull request, or null when signalbox never heard one. */
  get(repo: RepoRef, prNumber: number): Promise<HeardHead | null>;
}

export function createPullHeadStore(db: Kysely<Database>, dialect: Dialect): PullHeadStore {
  return {
    async heard(repo, prNumber, sha, at) {
      const heardAt = dialect.toDbTime(at);
      await db
        .insertInto("pull_heads")
        .values({ repo_key: repoKey(repo), pr_number: prNumber, head_sha: sha, heard_at: heardAt })
        .onConflict((oc) => oc.columns(["repo_key", "pr_number"]).doUpdateSet({ head_sha: sha, heard_at: heardAt }).where("pull_heads.head_sha", "<>", sha))
        .execute();
    },
    async get(repo, prNumber) {
      const row = await db
        .selectFrom("pull_heads")
        .select(["head_sha", "heard_at"])
        .where("repo_key", "=", repoKey(repo))
        .where("pr_number", "=", prNumber)
        .executeTakeFirst();
      return row ? { sha: row.head_sha, heardAt: dialect.fromDbTime(row.heard_at) } : null;
    },
  };
}
