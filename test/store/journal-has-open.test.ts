import type { Store } from "../../src/store/store.js";
import { storeEngines } from "./engines.js";

const lanes = await storeEngines("journal_open");
const T0 = new Date("2030-01-01T00:00:00.000Z");

describe.each(lanes)("open journal entries on $engine", (lane) => {
  let store: Store;
  beforeAll(async () => {
    store = await lane.open();
  });
  afterAll(() => lane.cleanup());

  it("a repository has open entries while one is pending or in flight, and none once finished", async () => {
    const record = (id: string, repoKey: string) => store.journal.record({ id, name: "push", repoKey, installationId: 1, payload: {}, receivedAt: T0 });
    expect(await store.journal.hasOpen("acme/app")).toBe(false);
    await record("a1", "acme/app");
    await record("o1", "acme/other");
    expect(await store.journal.hasOpen("acme/app")).toBe(true);
    const claimed = await store.journal.claimNext("w", 60_000, T0);
    expect(claimed?.id).toBe("a1");
    expect(await store.journal.hasOpen("acme/app")).toBe(true); // in flight
    await store.journal.finish("a1", "done", null, T0, "w");
    expect(await store.journal.hasOpen("acme/app")).toBe(false);
    expect(await store.journal.hasOpen("acme/other")).toBe(true);
  });
});
