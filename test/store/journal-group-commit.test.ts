/**
 * Deliveries recorded at the same moment share one group commit: each caller hears its own
 * outcome, a repeated id within the batch is a duplicate, an entry the store refuses fails
 * alone, and arrival order is still each repository's claim order.
 */
import { storeEngines } from "./engines.js";
import type { NewJournalEntry, Store } from "../../src/store/store.js";

const lanes = await storeEngines("journal_group");
const T0 = new Date("2030-01-01T00:00:00.000Z");

function entry(id: string, repoKey = "acme/app", payload: unknown = { id }): NewJournalEntry {
  return { id, name: "push", repoKey, installationId: 42, payload, receivedAt: T0 };
}

describe.each(lanes)("journal group commit on $engine", (lane) => {
  let store: Store;
  beforeAll(async () => {
    store = await lane.open();
  });
  afterAll(() => lane.cleanup());
  beforeEach(async () => {
    await store.db.deleteFrom("journal").execute();
  });

  it("records a burst of concurrent deliveries, each once, and reports repeats within it", async () => {
    await store.journal.record(entry("old"));
    const ids = ["a", "b", "a", "old", "c", "b"];
    const outcomes = await Promise.all(ids.map((id) => store.journal.record(entry(id))));
    expect(outcomes).toEqual(["recorded", "recorded", "duplicate", "duplicate", "recorded", "duplicate"]);
    expect(await store.journal.pendingCount()).toBe(4);
  });

  it("fails only the delivery it cannot store; the rest of its batch is journaled", async () => {
    const unstorable = { size: 10n }; // JSON cannot carry a bigint
    const outcomes = await Promise.allSettled([store.journal.record(entry("ok-1")), store.journal.record(entry("bad", "acme/app", unstorable)), store.journal.record(entry("ok-2"))]);
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(await store.journal.get("bad")).toBeUndefined();
    expect((await store.journal.get("ok-2"))?.state).toBe("pending");
  });

  it("does not call a repeat of a refused delivery a duplicate (nothing was stored)", async () => {
    const unstorable = { size: 10n };
    const outcomes = await Promise.allSettled([store.journal.record(entry("bad", "acme/app", unstorable)), store.journal.record(entry("bad", "acme/app", unstorable)), store.journal.record(entry("fine"))]);
    expect(outcomes.map((o) => o.status)).toEqual(["rejected", "rejected", "fulfilled"]);
  });

  it("keeps each repository's arrival order across a burst", async () => {
    const burst = Array.from({ length: 150 }, (_, i) => entry(`e${i}`, `repo-${i % 3}`));
    await Promise.all(burst.map((e) => store.journal.record(e)));
    const claimed: string[] = [];
    for (;;) {
      const next = await store.journal.claimNext("w", 60_000, T0);
      if (!next) break;
      claimed.push(next.id);
      await store.journal.finish(next.id, "done", null, T0, "w");
    }
    expect(claimed).toEqual(burst.map((e) => e.id));
  });
});
