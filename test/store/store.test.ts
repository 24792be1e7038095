import { createStore, createStoreFromEnv } from "../../src/store/create-store.js";
import { storeEngines } from "./engines.js";

const lanes = await storeEngines("store");

describe.each(lanes)("store on $engine", (lane) => {
  afterAll(() => lane.cleanup());

  it("applies migrations once and keeps data when reopened", async () => {
    const first = await lane.open();
    expect(first.engine).toBe(lane.engine);
    await first.journal.record({ id: "kept", name: "push", repoKey: "r", installationId: null, payload: {} });
    await first.close();
    const again = await lane.open();
    expect(await again.journal.get("kept")).toMatchObject({ id: "kept", state: "pending" });
    const applied = await again.db
      .selectFrom("schema_migrations" as never)
      .select("name" as never)
      .execute();
    // Each migration applied exactly once, in order, though the store was opened twice.
    const names = (applied as Array<{ name: string }>).map((row) => row.name);
    expect(names).toEqual(["0001-journal-and-effects", "0002-board", "0003-pipeline-runs", "0004-pipeline-schedules", "0005-train-state", "0006-results-and-waivers", "0007-repo-configs", "0008-github-writes", "0009-app-secrets", "0010-pull-heads"]);
  });

  it("keeps the first result recorded for an effect key", async () => {
    const store = await lane.open();
    const now = new Date("2030-05-06T07:08:09.010Z");
    expect(await store.effects.find("createTag:acme/app:v1")).toBeUndefined();
    const result = { tag: "v1.0.0", sha: "abc", notes: ["ünïcødé ✓", { nested: { deep: true } }] };
    await store.effects.record("createTag:acme/app:v1", "createTag", result, now);
    await store.effects.record("createTag:acme/app:v1", "createTag", { tag: "other" }, now);
    expect(await store.effects.find("createTag:acme/app:v1")).toEqual({ result });
    await store.effects.record("noResult", "label", undefined, now);
    expect(await store.effects.find("noResult")).toEqual({ result: null });
  });

  it("holds a named lock exclusively across two stores on one database", async () => {
    const [a, b] = [await lane.open(), await lane.open()];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const first = a.withLock("train:acme/app", async () => {
      entered();
      await held;
      return "a";
    });
    await inside;
    expect(await b.withLock("train:acme/app", async () => "b")).toBeUndefined();
    expect(await b.withLock("train:other", async () => "other")).toBe("other");
    const waiting = b.withLock("train:acme/app", async () => "b waited", { wait: true });
    release();
    expect(await first).toBe("a");
    expect(await waiting).toBe("b waited");
    expect(await a.withLock("train:acme/app", async () => "free again")).toBe("free again");
  });

  it("releases a named lock when fn throws", async () => {
    const store = await lane.open();
    await expect(store.withLock("boom", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await store.withLock("boom", async () => 1)).toBe(1);
  });
});

describe("opening the store", () => {
  it("uses an in-memory SQLite database for dataDir ':memory:'", async () => {
    const store = await createStore({ dataDir: ":memory:" });
    expect(store.engine).toBe("sqlite");
    expect(await store.journal.pendingCount()).toBe(0);
    await store.close();
  });

  it("reads SIGNALBOX_DATA_DIR and treats an empty DATABASE_URL as unset", async () => {
    const store = await createStoreFromEnv({ DATABASE_URL: "", SIGNALBOX_DATA_DIR: ":memory:" });
    expect(store.engine).toBe("sqlite");
    await store.close();
  });

  it("refuses a PostgreSQL schema name it would have to quote", async () => {
    await expect(createStore({ databaseUrl: "postgres://127.0.0.1:1/x", schema: 'x"; drop' })).rejects.toThrow(/schema name/);
  });
});
