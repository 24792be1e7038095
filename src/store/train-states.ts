/** The release train's state, one JSON document per repository. */
import type { Kysely } from "kysely";
import { initialTrainState, type TrainState } from "../core/train/state.js";
import type { Dialect } from "./dialect.js";
import type { Database, DbJson, DbTime } from "./schema.js";

export interface TrainStateTable {
  repo_key: string;
  data: DbJson;
  updated_at: DbTime;
}

export interface TrainStateStore {
  /** The repository's train state; a repository never seen starts from the initial state. */
  get(repoKey: string): Promise<TrainState>;
  save(repoKey: string, state: TrainState, now: Date): Promise<void>;
}

export function createTrainStateStore(db: Kysely<Database>, dialect: Dialect): TrainStateStore {
  return {
    async get(repoKey) {
      const row = await db.selectFrom("train_state").select("data").where("repo_key", "=", repoKey.toLowerCase()).executeTakeFirst();
      return row ? (dialect.fromDbJson(row.data) as TrainState) : initialTrainState();
    },
    async save(repoKey, state, now) {
      const row = { repo_key: repoKey.toLowerCase(), data: dialect.toDbJson(state), updated_at: dialect.toDbTime(now) };
      await db
        .insertInto("train_state")
        .values(row)
        .onConflict((oc) => oc.column("repo_key").doUpdateSet({ data: row.data, updated_at: row.updated_at }))
        .execute();
    },
  };
}
