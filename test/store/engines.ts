/**
 * The engines every store test runs on: SQLite always, and PostgreSQL at TEST_DATABASE_URL (by
 * default the server on 127.0.0.1:5432). Without a server the PostgreSQL lane is reported skipped,
 * and under CI=true it fails.
 * Each test file gets its own location (a temp dir, a fresh PostgreSQL schema) and removes it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { createStore } from "../../src/store/create-store.js";
import { describeNeeding, postgresProblem, POSTGRES_URL } from "../support/preconditions.js";
import type { Store } from "../../src/store/store.js";

export interface EngineLane {
  engine: "sqlite" | "postgres";
  /** Opens a store on this file's database; call again for a second process's view of it. */
  open(): Promise<Store>;
  /** Closes every store opened here and removes the database. */
  cleanup(): Promise<void>;
}

export async function storeEngines(tag: string): Promise<EngineLane[]> {
  const problem = await postgresProblem();
  if (!problem) return [sqliteLane(), postgresLane(POSTGRES_URL, tag)];
  describeNeeding(problem, `${tag} store on postgres`, () => it("runs the same tests as on SQLite", () => undefined));
  return [sqliteLane()];
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

async function withClient(url: string, fn: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    await fn(client);
  } finally {
    await client.end();
  }
}
