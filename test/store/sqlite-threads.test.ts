/** The embedded store's SQLite plumbing: checkpoints on their own thread, and reused statements. */
import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { createStore } from "../../src/store/create-store.js";
import { startCheckpointer } from "../../src/store/sqlite-checkpointer.js";
import { cachingStatements } from "../../src/store/sqlite-statements.js";
import { waitFor } from "../e2e/start-process.js";

const payload = { body: "x".repeat(20_000) };

describe("the SQLite checkpoint thread", () => {
  it("copies journaled deliveries into the database file and keeps the WAL near its 32 MB bound", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "signalbox-wal-"));
    const store = await createStore({ dataDir });
    const size = (file: string) => statSync(join(dataDir, file)).size;
    try {
      // About 80 MB of journal rows in under a second; the app's connection never checkpoints.
      for (let batch = 0; batch < 40; batch++) {
        await Promise.all(Array.from({ length: 100 }, (_, i) => store.journal.record({ id: `d-${batch}-${i}`, name: "push", repoKey: "o/r", installationId: 1, payload })));
      }
      await waitFor(() => size("signalbox.db") > 70 * 1024 * 1024 && size("signalbox.db-wal") <= 32 * 1024 * 1024, 10_000);
      expect(await store.journal.pendingCount()).toBe(4000);
    } finally {
      await store.close();
    }
  });

  it("if the thread fails, hands checkpointing back to the app's connection and says why", async () => {
    const pragmas: string[] = [];
    const failures: Error[] = [];
    const database = { name: join(tmpdir(), "no-such-dir", "x", "signalbox.db"), open: true, pragma: (text: string) => void pragmas.push(text) };
    const checkpointer = startCheckpointer(database as unknown as SqliteDatabase.Database, 10, (error) => failures.push(error));
    await waitFor(() => failures.length > 0, 5000);
    expect(failures[0]!.message).toMatch(/unable to open database file|directory does not exist/);
    expect(pragmas).toEqual(["wal_autocheckpoint = 0", "wal_autocheckpoint = 1000"]);
    await checkpointer.stop();
  });
});

describe("cachingStatements", () => {
  it("prepares a query once, but never hands out a statement that is still iterating", () => {
    const database = new SqliteDatabase(":memory:");
    database.exec("create table t (n integer); insert into t values (1), (2)");
    const cached = cachingStatements(database);
    const sql = "select n from t order by n";
    const first = cached.prepare(sql) as unknown as SqliteDatabase.Statement;
    expect(cached.prepare(sql)).toBe(first);
    const rows = first.iterate();
    rows.next();
    const during = cached.prepare(sql) as unknown as SqliteDatabase.Statement;
    expect(during).not.toBe(first);
    expect(during.all()).toEqual([{ n: 1 }, { n: 2 }]);
    rows.return?.();
    expect(cached.prepare(sql)).toBe(first);
    database.close();
  });
});
