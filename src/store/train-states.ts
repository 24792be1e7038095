/** The release train's state, one JSON document per repository, and its wake-up timer. */
import type { Kysely } from "kysely";
import { initialTrainState, type TrainState } from "../core/train/state.js";
import type { TrainEvent } from "../core/train/train-events.js";
import { repoKey, type RepoRef } from "../core/types.js";
import type { Dialect } from "./dialect.js";
import type { Database } from "./schema.js";

export interface TrainWake {
  at: Date;
  /** The train event to deliver then, e.g. { kind: "promoteCheck", tag } (stored JSON: check it on reading). */
  event: TrainEvent;
}

export interface TrainStateStore {
  /** The repository's train state; a repository never seen starts from the initial state. */
  get(repo: RepoRef): Promise<TrainState>;
  /** Saves the state; `wake` replaces (or, when null, clears) the pending wake-up. */
  save(repo: RepoRef, state: TrainState, now: Date, wake: TrainWake | null): Promise<void>;
  /** Trains whose wake-up is due at `now`. */
  due(now: Date): Promise<Array<{ repo: RepoRef; wake: TrainWake }>>;
}

export function createTrainStateStore(db: Kysely<Database>, dialect: Dialect): TrainStateStore {
  return {
    async get(repo) {
      const row = await db.selectFrom("train_state").select("data").where("repo_key", "=", repoKey(repo)).executeTakeFirst();
      return row ? (dialect.fromDbJson(row.data) as TrainState) : initialTrainState();
    },
    async save(repo, state, now, wake) {
      const row = {
        repo_key: repoKey(repo),
        owner: repo.owner,
        repo: repo.repo,
        installation_id: repo.installationId,
        data: dialect.toDbJson(state),
        wake_at: wake ? dialect.toDbTime(wake.at) : null,
        wake_event: wake ? dialect.toDbJson(wake.event) : null,
        updated_at: dialect.toDbTime(now),
      };
      const { repo_key: _key, ...changes } = row;
      await db.insertInto("train_state").values(row).onConflict((oc) => oc.column("repo_key").doUpdateSet(changes)).execute();
    },
    async due(now) {
      const rows = await db.selectFrom("train_state").selectAll().where("wake_at", "<=", dialect.toDbTime(now)).execute();
      return rows.map((row) => ({
        repo: { owner: row.owner, repo: row.repo, installationId: Number(row.installation_id) },
        wake: { at: dialect.fromDbTime(row.wake_at!), event: dialect.fromDbJson(row.wake_event) as TrainWake["event"] },
      }));
    },
  };
}
