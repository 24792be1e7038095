/**
 * Several workers, each with its own Store (its own pool: a separate process as far as the
 * database can tell), drain one journal at once.
 */
import { storeEngines } from "./engines.js";
import type { Store } from "../../src/store/store.js";

const lanes = await storeEngines("claims");
const REPOS = 5;
const ENTRIES = 50;
const WORKERS = 4;

interface Tally {
  claims: Map<string, number>;
  inFlight: Set<string>;
  overlaps: string[];
  finishedByRepo: Map<string, string[]>;
}

async function drain(store: Store, workerId: string, tally: Tally): Promise<void> {
  let idle = 0;
  while (idle < 20) {
    const entry = await store.journal.claimNext(workerId, 60_000, new Date());
    if (entry === undefined) {
      idle = (await store.journal.pendingCount()) === 0 ? idle + 5 : idle + 1;
      await new Promise((resolve) => setTimeout(resolve, 2));
      continue;
    }
    idle = 0;
    tally.claims.set(entry.id, (tally.claims.get(entry.id) ?? 0) + 1);
    if (tally.inFlight.has(entry.repoKey)) tally.overlaps.push(entry.id);
    tally.inFlight.add(entry.repoKey);
    await new Promise((resolve) => setTimeout(resolve, 1));
    tally.inFlight.delete(entry.repoKey);
    tally.finishedByRepo.set(entry.repoKey, [...(tally.finishedByRepo.get(entry.repoKey) ?? []), entry.id]);
    await store.journal.finish(entry.id, "done", null, new Date(), workerId);
  }
}

describe.each(lanes)("concurrent claims on $engine", (lane) => {
  afterAll(() => lane.cleanup());

  it("claims every entry exactly once and never two of one repository at a time", async () => {
    const stores = await Promise.all(Array.from({ length: WORKERS }, () => lane.open()));
    const recordedByRepo = new Map<string, string[]>();
    for (let i = 0; i < ENTRIES; i++) {
      // Pairs of neighbours share a repository, so "oldest first" alone would run them together.
      const repoKey = `org/repo-${Math.floor(i / 2) % REPOS}`;
      const id = `delivery-${String(i).padStart(2, "0")}`;
      await stores[i % WORKERS]!.journal.record({ id, name: "push", repoKey, installationId: 1, payload: { i } });
      recordedByRepo.set(repoKey, [...(recordedByRepo.get(repoKey) ?? []), id]);
    }
    const tally: Tally = { claims: new Map(), inFlight: new Set(), overlaps: [], finishedByRepo: new Map() };

    await Promise.all(stores.map((store, n) => drain(store, `worker-${n}`, tally)));

    expect(tally.claims.size).toBe(ENTRIES);
    expect([...tally.claims.values()].every((count) => count === 1)).toBe(true);
    expect(tally.overlaps).toEqual([]);
    expect(tally.finishedByRepo).toEqual(recordedByRepo);
    expect(await stores[0]!.journal.pendingCount()).toBe(0);
  });
});
