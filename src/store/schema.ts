/**
 * The Kysely view of the store's tables. Column types are the union of what both engines hand
 * back (e.g. a timestamp is a `Date` from PostgreSQL and epoch milliseconds from SQLite); only
 * src/store/dialect.ts turns them into the types callers see.
 */
import type { ColumnType, Generated } from "kysely";

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
  pull_heads: PullHeadsTable;
}

export interface PipelineRunsTable {
  id: string;
  repo_key: string;
  installation_id: number | string;
  pipeline: string;
  sha: string;
  pr_number: number | null;
  /** 1 while the run may still change (an integer: SQLite has no boolean). */
  active: number;
  data: DbJson;
  created_at: DbTime;
  updated_at: DbTime;
}

export interface PipelineSchedulesTable {
  repo_key: string;
  pipeline: string;
  owner: string;
  repo: string;
  installation_id: number | string;
  cron: string;
  branch: string | null;
  updated_at: DbTime;
}

export interface TrainStateTable {
  repo_key: string;
  owner: string;
  repo: string;
  installation_id: number | string;
  data: DbJson;
  wake_at: DbTime | null;
  wake_event: DbJson | null;
  updated_at: DbTime;
}

export interface RepoConfigsTable {
  repo_key: string;
  config: DbJson;
  updated_at: DbTime;
}

export interface GitHubWritesTable {
  repo_key: string;
  kind: string;
  write_key: string;
  object_id: number | string;
  fingerprint: string;
  updated_at: DbTime;
}

export interface ResultsTable {
  id: Generated<number>;
  repo_key: string;
  testcase: string;
  item: string;
  outcome: string;
  source: string;
  ref_url: string | null;
  note: string | null;
  created_at: DbTime;
}

export interface WaiversTable {
  id: Generated<number>;
  repo_key: string;
  testcase: string;
  item: string;
  /** Null: every decision context. */
  context: string | null;
  reason: string;
  waived_by: string;
  created_at: DbTime;
  expires_at: DbTime;
  revoked_at: DbTime | null;
  revoked_by: string | null;
}

export interface AppSecretsTable {
  name: string;
  value: string;
  created_at: DbTime;
}

export interface PullHeadsTable {
  repo_key: string;
  pr_number: number;
  head_sha: string;
  heard_at: DbTime;
}
