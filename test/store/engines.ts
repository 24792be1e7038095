/**
 * The engines every store test runs on: SQLite always, PostgreSQL when TEST_DATABASE_URL is set.
 * Each test file gets its own location (a temp dir, a fresh PostgreSQL schema) and removes it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { createStore } from "../../src/store/create-store.js";
import type { Store } from "../../src/store/store.js";

export interface EngineLane {
  engine: "sqlite" | "postgres";
  /** Opens a store on this file's database; call again for a second process's view of it. */
  open(): Promise<Store>;
  /** Closes every store opened here and removes the database. */
  cleanup(): Promise<void>;
}

export async function storeEngines(tag: string): Promise<EngineLane[]> {
  const lanes = [sqliteLane()];
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    if (await answers(url)) lanes.push(postgresLane(url, tag));
    else console.warn(`TEST_DATABASE_URL is set but no PostgreSQL answers at it: skipping the PostgreSQL lane`);
  }
  return lanes;
}

function tracking(openOne: () => Promise<Store>, remove: () => Promise<void>, engine: EngineLane["engine"]): EngineLane {
  const opened: Store[] = [];
  return {
    engine,
    async open() {
      const store = await openOne();
      opened.push(store);
      return store;
    },
    async cleanup() {
      await Promise.all(opened.splice(0).map((s) => s.close().catch(() => undefined)));
      await remove();
    },
  };
}

function sqliteLane(): EngineLane {
  const dataDir = mkdtempSync(join(tmpdir(), "signalbox-store-"));
  return tracking(
    () => createStore({ dataDir }),
    async () => rmSync(dataDir, { recursive: true, force: true }),
    "sqlite",
  );
}

function postgresLane(databaseUrl: string, tag: string): EngineLane {
  const schema = `test_${tag}_${process.pid}_${Date.now().toString(36)}`;
  return tracking(() => createStore({ databaseUrl, schema }), () => withClient(databaseUrl, (c) => c.query(`drop schema if exists "${schema}" cascade`)), "postgres");
}

async function answers(url: string): Promise<boolean> {
  try {
    await withClient(url, (c) => c.query("select 1"));
    return true;
  } catch {
    return false;
  }
}

async function withClient(url: string, fn: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    await fn(client);
  } finally {
    await client.end();
  }
}
