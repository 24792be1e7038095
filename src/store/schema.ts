/**
 * The Kysely view of the store's tables. Column types are the union of what both engines hand
 * back (e.g. a timestamp is a `Date` from PostgreSQL and epoch milliseconds from SQLite); only
 * src/store/dialect.ts turns them into the types callers see.
 */
import type { ColumnType, Generated } from "kysely";
import type { PipelineRunsTable } from "./pipeline-runs.js";
import type { PipelineSchedulesTable } from "./pipeline-schedules.js";
import type { TrainStateTable } from "./train-states.js";
import type { RepoConfigsTable } from "./repo-configs.js";
import type { GitHubWritesTable } from "./github-writes.js";
import type { ResultsTable } from "./results.js";
import type { WaiversTable } from "./waivers.js";
import type { AppSecretsTable } from "./app-secrets.js";

/** A timestamp as stored: `Date` (timestamptz) on PostgreSQL, epoch ms (integer) on SQLite. */
export type DbTime = Date | number;
/** A JSON value as stored: written as JSON text; jsonb comes back parsed from pg, text from SQLite. */
export type DbJson = ColumnType<unknown, string, string>;
/** pg returns bigint columns as strings to avoid precision loss; SQLite returns numbers. */
export type DbBigintOrNull = ColumnType<number | string | null, number | null, number | null>;

export type JournalState = "pending" | "in_flight" | "done" | "ignored" | "failed";

export interface JournalTable {
  /** Arrival order: per-repository order is `seq` order (see journal.ts). */
  seq: Generated<number | string>;
  id: string;
  name: string;
  repo_key: string;
  installation_id: DbBigintOrNull;
  payload: DbJson;
  state: JournalState;
  attempts: number;
  received_at: DbTime;
  available_at: DbTime;
  claimed_by: string | null;
  lease_until: DbTime | null;
  last_error: string | null;
  detail: string | null;
  finished_at: DbTime | null;
}

export interface EffectsTable {
  key: string;
  kind: string;
  result: DbJson;
  applied_at: DbTime;
}

/** Named locks on SQLite (PostgreSQL uses advisory locks and leaves this table empty). */
export interface LocksTable {
  name: string;
  holder: string;
  expires_at: DbTime;
}

export interface BoardProjectsTable {
  id: Generated<number>;
  name: string;
  repository: string;
  position: number;
  /** JSON array of `from=to` lines. */
  mappings: DbJson;
  created_at: DbTime;
}

export interface BoardRevisionsTable {
  /** Creation order: the board shows revisions newest (highest id) first. */
  id: Generated<number>;
  project_id: number;
  hash: string;
  created_at: DbTime;
}

export interface BoardBuildsTable {
  id: Generated<number>;
  revision_id: number;
  name: string;
  status: string;
  status_url: string | null;
  created_at: DbTime;
  updated_at: DbTime;
}

/** Build locks of the API (not the store's named locks above): one row per repository and build. */
export interface BoardLocksTable {
  repository: string;
  name: string;
  revision: string;
  expires_at: DbTime;
}

/** Deliveries owed to the outside world (project webhook, commit statuses); see board-outbox.ts. */
export interface BoardOutboxTable {
  key: string;
  kind: string;
  payload: DbJson;
  /** Bumped by every newer state, so a send finishing on an older one leaves the row due. */
  version: number;
  attempts: number;
  available_at: DbTime;
  claimed_by: string | null;
  lease_until: DbTime | null;
  last_error: string | null;
}

export interface Database {
  journal: JournalTable;
  effects: EffectsTable;
  locks: LocksTable;
  board_projects: BoardProjectsTable;
  board_revisions: BoardRevisionsTable;
  board_builds: BoardBuildsTable;
  board_locks: BoardLocksTable;
  board_outbox: BoardOutboxTable;
  pipeline_runs: PipelineRunsTable;
  pipeline_schedules: PipelineSchedulesTable;
  train_state: TrainStateTable;
  repo_configs: RepoConfigsTable;
  github_writes: GitHubWritesTable;
  results: ResultsTable;
  waivers: WaiversTable;
  app_secrets: AppSecretsTable;
}
