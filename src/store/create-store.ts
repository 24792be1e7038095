/**
 * Opens the store: PostgreSQL when a database URL is given, else embedded SQLite in the data
 * directory. Applies pending migrations before handing the store out.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { CompiledQuery, Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from "kysely";
import pg from "pg";
import { BUSY_TIMEOUT_MS, createDialect, type Dialect } from "./dialect.js";
import { createEffectLog } from "./effect-log.js";
import { createLocalBoardFeed, createPostgresBoardFeed } from "./board-feed.js";
import { createBoardOutbox } from "./board-outbox.js";
import { createBoardStore } from "./board-projects.js";
import { createRunStore } from "./pipeline-runs.js";
import { createRepoConfigStore } from "./repo-configs.js";
import { createGitHubWriteStore } from "./github-writes.js";
import { pruneBookkeeping } from "./retention.js";
import { createScheduleStore } from "./pipeline-schedules.js";
import { createTrainStateStore } from "./train-states.js";
import { createResultStore } from "./results.js";
import { createWaiverStore } from "./waivers.js";
import { createAppSecretStore } from "./app-secrets.js";
import { createPullHeadStore } from "./pull-heads.js";
import { createJournal } from "./journal.js";
import { sqliteInserter } from "./journal-insert.js";
import { cachingStatements } from "./sqlite-statements.js";
import { startCheckpointer, type Checkpointer } from "./sqlite-checkpointer.js";
import { createMigrationProvider } from "./migrations/index.js";
import type { Database } from "./schema.js";
import type { Store } from "./store.js";

export interface StoreLogger {
  info(message: string): void;
  warn?(message: string): void;
}

export interface CreateStoreOptions {
  /** postgres://… — selects PostgreSQL. */
  databaseUrl?: string;
  /** Directory for the SQLite file (default ./.signalbox); ":memory:" for a throwaway database. */
  dataDir?: string;
  /** PostgreSQL only: a schema to use (created if missing), e.g. one per test file. */
  schema?: string;
  logger?: StoreLogger;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/;

export async function createStore(opts: CreateStoreOptions = {}): Promise<Store> {
  // 1. open the engine  2. migrate  3. build the store around the one Kysely instance
  const dialect = createDialect(opts.databaseUrl ? "postgres" : "sqlite");
  const { db, sqlite, checkpointer } = opts.databaseUrl ? { db: openPostgres(opts.databaseUrl, opts.schema) } : openSqlite(opts.dataDir, opts.logger);
  const destroy = async () => {
    await checkpointer?.stop();
    await db.destroy();
  };
  try {
    await migrate(db, dialect, opts);
  } catch (error) {
    await destroy();
    throw error;
  }
  const boardFeed = opts.databaseUrl
    ? createPostgresBoardFeed(db, opts.databaseUrl, opts.schema ?? "")
    : createLocalBoardFeed();
  return {
    engine: dialect.engine,
    db,
    journal: createJournal(db, dialect, sqlite ? sqliteInserter(db, sqlite, dialect) : undefined),
    runs: createRunStore(db, dialect),
    configs: createRepoConfigStore(db, dialect),
    schedules: createScheduleStore(db, dialect),
    trains: createTrainStateStore(db, dialect),
    results: createResultStore(db, dialect),
    waivers: createWaiverStore(db, dialect),
    effects: createEffectLog(db, dialect),
    writes: createGitHubWriteStore(db, dialect),
    board: createBoardStore(db, dialect),
    boardFeed,
    boardOutbox: createBoardOutbox(db, dialect),
    secrets: createAppSecretStore(db, dialect),
    pullHeads: createPullHeadStore(db, dialect),
    withLock: (name, fn, lockOpts) => dialect.withLock(db, name, fn, lockOpts?.wait ?? false),
    prune: (before) => pruneBookkeeping(db, dialect, before),
    close: async () => {
      await boardFeed.close();
      await destroy();
    },
  };
}

/** Reads DATABASE_URL and SIGNALBOX_DATA_DIR; empty values count as unset. */
export function createStoreFromEnv(env: NodeJS.ProcessEnv = process.env, logger?: StoreLogger): Promise<Store> {
  return createStore({
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.SIGNALBOX_DATA_DIR || undefined,
    logger,
  });
}

interface OpenedStore {
  db: Kysely<Database>;
  /** The SQLite connection Kysely runs on, for the journal's insert (journal-insert.ts). */
  sqlite?: SqliteDatabase.Database;
  checkpointer?: Checkpointer;
}

function openSqlite(dataDir = "./.signalbox", logger?: StoreLogger): OpenedStore {
  let file = ":memory:";
  if (dataDir !== ":memory:") {
    mkdirSync(dataDir, { recursive: true });
    file = join(dataDir, "signalbox.db");
  }
  const database = new SqliteDatabase(file);
  // WAL lets readers run beside the writer; NORMAL is durable across process crashes in WAL mode
  // (only a power loss can drop the last commits) at several times FULL's insert rate.
  database.pragma("journal_mode = WAL");
  database.pragma("synchronous = NORMAL");
  database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  database.pragma("foreign_keys = ON");
  // After a checkpoint has caught up, the WAL file is cut back to this size rather than kept at its peak.
  database.pragma("journal_size_limit = 67108864");
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingStatements(database) }) });
  if (file === ":memory:") return { db, sqlite: database };
  const warn = logger?.warn ?? console.warn;
  const onFailure = (error: Error) => warn(`store: the checkpoint thread failed (${error.message}); checkpointing on the main thread instead`);
  return { db, sqlite: database, checkpointer: startCheckpointer(database, undefined, onFailure) };
}

function openPostgres(connectionString: string, schema: string | undefined): Kysely<Database> {
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new Error(`store: schema name "${schema}" must match ${SCHEMA_NAME}`);
  }
  const pool = new pg.Pool({ connectionString });
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({
      pool,
      // Every pooled connection must look in the same schema; setting it once per connection
      // works because nothing else in the app changes search_path.
      onCreateConnection: async (conn) => {
        if (schema !== undefined) await conn.executeQuery(CompiledQuery.raw(`set search_path to "${schema}"`));
      },
    }),
  });
  // The schema itself is created by the migrator, which tolerates another process racing it.
  return db;
}

async function migrate(db: Kysely<Database>, dialect: Dialect, opts: CreateStoreOptions): Promise<void> {
  // Kysely looks for its table in any schema unless told which; name ours so a table left in
  // another schema (another test run, another app) is not mistaken for this store's.
  const migrationTableSchema = dialect.engine === "postgres" ? (opts.schema ?? (await currentSchema(db))) : undefined;
  await dialect.migrating(db, async (conn, ownTransaction) => {
    const migrator = new Migrator({
      db: conn,
      provider: createMigrationProvider(dialect),
      migrationTableName: "schema_migrations",
      migrationLockTableName: "schema_migrations_lock",
      migrationTableSchema,
      disableTransactions: !ownTransaction,
    });
    const { error, results } = await migrator.migrateToLatest();
    if (error !== undefined) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`store: migration failed: ${message}`, { cause: error });
    }
    for (const result of results ?? []) opts.logger?.info(`store: applied migration ${result.migrationName}`);
  });
}

async function currentSchema(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (schema === undefined) throw new Error("store: PostgreSQL has no current schema (check search_path)");
  return schema;
}
