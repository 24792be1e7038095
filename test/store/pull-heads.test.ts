/** The head signalbox heard for each pull request: a new head replaces the old, the same head keeps its first time. */
import { storeEngines } from "./engines.js";

const lanes = await storeEngines("pull_heads");
const repo = { owner: "octo-org", repo: "serverless", installationId: 1 };
const at = (minute: number) => new Date(Date.UTC(2026, 10, 22, 10, minute));

describe.each(lanes)("pull request heads on $engine", (lane) => {
  afterAll(() => lane.cleanup());

  it("keeps when each head was first heard, and when a head came back", async () => {
    const store = await lane.open();
    expect(await store.pullHeads.get(repo, 7)).toBeNull();
    await store.pullHeads.heard(repo, 7, "a".repeat(40), at(1));
    await store.pullHeads.heard(repo, 7, "a".repeat(40), at(5)); // a redelivery or a label event on the same head
    expect(await store.pullHeads.get(repo, 7)).toEqual({ sha: "a".repeat(40), heardAt: at(1) });
    await store.pullHeads.heard(repo, 7, "b".repeat(40), at(10));
    expect(await store.pullHeads.get(repo, 7)).toEqual({ sha: "b".repeat(40), heardAt: at(10) });
    await store.pullHeads.heard(repo, 7, "a".repeat(40), at(20)); // force-pushed back
    expect(await store.pullHeads.get(repo, 7)).toEqual({ sha: "a".repeat(40), heardAt: at(20) });
    expect(await store.pullHeads.get(repo, 8)).toBeNull();
    expect(await store.pullHeads.get({ ...repo, repo: "other" }, 7)).toBeNull();
  });
});
