/** Retention: old bookkeeping goes, recent and unfinished work and evidence stay. */
import type { Store } from "../../src/store/store.js";
import { storeEngines } from "./engines.js";

const lanes = await storeEngines("retention");
const day = 86_400_000;
const t0 = new Date("2026-01-01T00:00:00Z");

describe.each(lanes)("retention on $engine", (lane) => {
  let store: Store;
  beforeEach(async () => {
    store = await lane.open();
  });
  afterEach(() => store.close());

  it("prunes finished journal entries, effects and remembered writes older than the cutoff, and nothing else", async () => {
    const entry = (id: string) => ({ id, name: "push", repoKey: "o/r", installationId: 1, payload: {}, receivedAt: t0 });
    await store.journal.record(entry("old-done"));
    await store.journal.record({ ...entry("recent-done"), repoKey: "o/other" });
    await store.journal.record(entry("old-pending"));
    const claimed = await store.journal.claimNext("w", 60_000, t0);
    await store.journal.finish(claimed!.id, "done", "ok", t0, "w");
    const recent = await store.journal.claimNext("w", 60_000, new Date(t0.getTime() + 40 * day));
    await store.journal.finish(recent!.id, "done", "ok", new Date(t0.getTime() + 40 * day), "w");
    await store.effects.record("old-effect", "comment", null, t0);
    await store.effects.record("recent-effect", "comment", null, new Date(t0.getTime() + 40 * day));
    await store.results.record({ owner: "o", repo: "r" }, { testcase: "unit", item: "a".repeat(40), outcome: "PASSED", source: "api", refUrl: null, note: null }, t0);
    const repo = { owner: "o", repo: "r", installationId: 1 };
    await store.writes.remember(repo, "check_run", "old", { id: 1, fingerprint: "f" }, t0);
    await store.writes.remember(repo, "check_run", "recent", { id: 2, fingerprint: "f" }, new Date(t0.getTime() + 40 * day));

    const pruned = await store.prune(new Date(t0.getTime() + 30 * day));
    expect(pruned).toEqual({ journal: 1, effects: 1, writes: 1 });
    expect(await store.writes.find(repo, "check_run", "old")).toBeNull();
    expect(await store.writes.find(repo, "check_run", "recent")).toEqual({ id: 2, fingerprint: "f" });
    expect(await store.journal.get("old-done")).toBeUndefined();
    expect(await store.journal.get("old-pending")).toMatchObject({ state: "pending" });
    expect(await store.journal.get("recent-done")).toMatchObject({ state: "done" });
    expect(await store.effects.find("old-effect")).toBeUndefined();
    expect(await store.effects.find("recent-effect")).toBeDefined();
    expect(await store.results.forItem({ owner: "o", repo: "r" }, "a".repeat(40))).toHaveLength(1);
  });
});
