/**
 * Moves SQLite's WAL checkpoints off the event loop. By default the connection that commits
 * copies the WAL back into the database file every 1,000 pages, and that commit then blocks the
 * process for 7–12 ms: a webhook delivery waiting on it waits that long for its acknowledgement.
 * Here the app's connection never checkpoints; a worker thread with its own connection runs a
 * PASSIVE checkpoint (which never blocks the writer) every `intervalMs`; only once the WAL passes
 * 32 MB does it run one that waits for the writer's transaction to end (TRUNCATE), and if the
 * writer never pauses long enough for that, the app's connection truncates between two of its
 * own transactions. If the thread fails, the app's connection goes back to checkpointing itself,
 * so the WAL never grows without bound.
 */
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type SqliteDatabase from "better-sqlite3";

export interface Checkpointer {
  stop(): Promise<void>;
}

/** SQLite's own default, restored if the thread fails. */
const AUTO_CHECKPOINT_PAGES = 1000;

/** WAL pages (4 kB) past which the checkpoint waits for the writer to cut the WAL back: 32 MB. */
const MAX_WAL_PAGES = 8192;

// Plain CommonJS, run by the worker thread: it needs no build step and works under every runner.
const CHECKPOINT_LOOP = `
const { workerData, parentPort } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma("busy_timeout = 1000");
setInterval(() => {
  const [{ log }] = db.pragma("wal_checkpoint(PASSIVE)");
  // Under steady writing a passive checkpoint never catches up, and the WAL is only reused once
  // one has: past the limit, wait for the writer's current transaction and cut the WAL back.
  if (log <= workerData.maxWalPages) return;
  const [{ busy }] = db.pragma("wal_checkpoint(TRUNCATE)");
  // The writer never paused long enough: ask the app's connection, the writer itself, to do it.
  if (busy) parentPort.postMessage("truncate");
}, workerData.intervalMs);
`;

export function startCheckpointer(database: SqliteDatabase.Database, intervalMs = 100, onError: (error: Error) => void = () => undefined): Checkpointer {
  database.pragma("wal_autocheckpoint = 0");
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(CHECKPOINT_LOOP, { eval: true, workerData: { driver, file: database.name, intervalMs, maxWalPages: MAX_WAL_PAGES } });
  worker.unref();
  worker.on("message", () => {
    if (database.open) database.pragma("wal_checkpoint(TRUNCATE)");
  });
  let stopping = false;
  worker.on("error", (error) => {
    if (database.open) database.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
    onError(error);
  });
  return {
    async stop() {
      if (stopping) return;
      stopping = true;
      await worker.terminate();
    },
  };
}
