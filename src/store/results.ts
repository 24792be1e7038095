/** Test results (ResultsDB's role): every report kept, so the newest decides and history shows flakes. */
import type { Kysely, Selectable } from "kysely";
import type { NewResult, Outcome, Result } from "../core/gates/types.js";
import { repoKey, type RepoRef } from "../core/types.js";
import type { Dialect } from "./dialect.js";
import type { Database, ResultsTable } from "./schema.js";

type RepoName = Pick<RepoRef, "owner" | "repo">;

export interface ResultsQuery {
  repo: RepoName;
  item?: string | null;
  testcase?: string | null;
  limit: number;
}

export interface ResultStore {
  /** Adds a result at `at` (results are never updated: a re-run is a newer result). */
  record(repo: RepoName, result: NewResult, at: Date): Promise<Result>;
  /** Every result on the item, oldest first; with `at`, only those recorded by then. */
  forItem(repo: RepoName, item: string, at?: Date): Promise<Result[]>;
  /** Results newest first, optionally of one item and/or testcase. */
  query(query: ResultsQuery): Promise<Result[]>;
}

export function createResultStore(db: Kysely<Database>, dialect: Dialect): ResultStore {
  const toResult = (row: Selectable<ResultsTable>): Result => ({
    id: Number(row.id),
    repository: row.repo_key,
    testcase: row.testcase,
    item: row.item,
    outcome: row.outcome as Outcome,
    source: row.source,
    refUrl: row.ref_url,
    note: row.note,
    createdAt: dialect.fromDbTime(row.created_at),
  });
  return {
    async record(repo, result, at) {
      const row = await db
        .insertInto("results")
        .values({
          repo_key: repoKey(repo),
          testcase: result.testcase,
          item: result.item,
          outcome: result.outcome,
          source: result.source,
          ref_url: result.refUrl,
          note: result.note,
          created_at: dialect.toDbTime(at),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toResult(row);
    },
    async forItem(repo, item, at) {
      let q = db.selectFrom("results").selectAll().where("repo_key", "=", repoKey(repo)).where("item", "=", item);
      if (at !== undefined) q = q.where("created_at", "<=", dialect.toDbTime(at));
      const rows = await q.orderBy("created_at").orderBy("id").execute();
      return rows.map(toResult);
    },
    async query({ repo, item, testcase, limit }) {
      let q = db.selectFrom("results").selectAll().where("repo_key", "=", repoKey(repo));
      if (item) q = q.where("item", "=", item);
      if (testcase) q = q.where("testcase", "=", testcase);
      const rows = await q.orderBy("created_at", "desc").orderBy("id", "desc").limit(limit).execute();
      return rows.map(toResult);
    },
  };
}
