import { storeEngines } from "./engines.js";
import type { NewJournalEntry, Store } from "../../src/store/store.js";

const lanes = await storeEngines("journal");
const T0 = new Date("2030-01-01T00:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const LEASE = 60_000;

function entry(id: string, repoKey = "acme/app", extra: Partial<NewJournalEntry> = {}): NewJournalEntry {
  return { id, name: "push", repoKey, installationId: 42, payload: { id }, receivedAt: T0, ...extra };
}

describe.each(lanes)("journal on $engine", (lane) => {
  let store: Store;
  beforeAll(async () => {
    store = await lane.open();
  });
  afterAll(() => lane.cleanup());
  beforeEach(async () => {
    await store.db.deleteFrom("journal").execute();
  });

  it("records a delivery once and reports the repeat as a duplicate", async () => {
    expect(await store.journal.record(entry("d1"))).toBe("recorded");
    expect(await store.journal.record(entry("d1", "other/repo"))).toBe("duplicate");
    expect((await store.journal.get("d1"))?.repoKey).toBe("acme/app");
    expect(await store.journal.pendingCount()).toBe(1);
  });

  it("claims the oldest entry first, in arrival order", async () => {
    for (const [id, repo] of [["a", "r1"], ["b", "r2"], ["c", "r3"]] as const) await store.journal.record(entry(id, repo));
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await store.journal.claimNext("w", LEASE, at(1)))?.id);
    expect(ids).toEqual(["a", "b", "c"]);
    expect(await store.journal.claimNext("w", LEASE, at(1))).toBeUndefined();
  });

  it("runs one entry of a repository at a time while other repositories proceed", async () => {
    await store.journal.record(entry("r1-first", "r1"));
    await store.journal.record(entry("r1-second", "r1"));
    await store.journal.record(entry("r2-first", "r2"));
    expect((await store.journal.claimNext("w1", LEASE, at(1)))?.id).toBe("r1-first");
    expect((await store.journal.claimNext("w2", LEASE, at(1)))?.id).toBe("r2-first");
    expect(await store.journal.claimNext("w3", LEASE, at(1))).toBeUndefined();
    expect(await store.journal.finish("r1-first", "done", null, at(2), "w1")).toBe(true);
    expect((await store.journal.claimNext("w3", LEASE, at(3)))?.id).toBe("r1-second");
  });

  it("hands an expired lease to another worker and counts the lost attempt", async () => {
    await store.journal.record(entry("e1"));
    await store.journal.claimNext("crashed", 1000, at(0));
    expect(await store.journal.claimNext("w2", LEASE, at(999))).toBeUndefined();
    const taken = await store.journal.claimNext("w2", LEASE, at(1001));
    expect(taken).toMatchObject({ id: "e1", attempts: 1 });
    expect(await store.journal.finish("e1", "done", null, at(1002), "crashed")).toBe(false);
    expect(await store.journal.finish("e1", "done", null, at(1002), "w2")).toBe(true);
  });

  it("keeps a released entry, and its repository, waiting until retryAt", async () => {
    await store.journal.record(entry("x1"));
    await store.journal.record(entry("x2"));
    await store.journal.claimNext("w", LEASE, at(0));
    expect(await store.journal.release("x1", "GitHub 502", at(5000), "w")).toBe(true);
    expect(await store.journal.claimNext("w", LEASE, at(4999))).toBeUndefined();
    expect(await store.journal.claimNext("w", LEASE, at(5000))).toMatchObject({ id: "x1", attempts: 1 });
    expect(await store.journal.get("x1")).toMatchObject({ state: "in_flight", lastError: "GitHub 502", availableAt: at(5000) });
  });

  it("finishes an entry with its outcome and detail, once", async () => {
    await store.journal.record(entry("f1"));
    await store.journal.claimNext("w", LEASE, at(0));
    expect(await store.journal.finish("f1", "ignored", "sender is the app", at(7))).toBe(true);
    expect(await store.journal.finish("f1", "failed", "late", at(8))).toBe(false);
    expect(await store.journal.get("f1")).toMatchObject({
      state: "ignored",
      outcome: "ignored",
      detail: "sender is the app",
      finishedAt: at(7),
      claimedBy: null,
      leaseUntil: null,
    });
    expect(await store.journal.pendingCount()).toBe(0);
    expect(await store.journal.release("f1", "too late", at(9))).toBe(false);
  });

  it("round-trips dates, large installation ids and nested unicode JSON", async () => {
    const payload = { text: "zürich ✓ 🚂 \"quoted\" \\ 日本", list: [1, { deep: [null, true, 1.5] }], empty: {} };
    const receivedAt = new Date("2031-02-03T04:05:06.789Z");
    await store.journal.record(entry("j1", "r", { payload, receivedAt, installationId: 98_765_432_101 }));
    await store.journal.record(entry("j2", "s", { payload: "just a string", installationId: null }));
    const got = await store.journal.get("j1");
    expect(got).toMatchObject({ payload, receivedAt, installationId: 98_765_432_101, attempts: 0 });
    expect(got?.receivedAt).toBeInstanceOf(Date);
    expect(await store.journal.get("j2")).toMatchObject({ payload: "just a string", installationId: null });
    expect(await store.journal.get("missing")).toBeUndefined();
  });
});
