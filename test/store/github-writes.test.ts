/** signalbox's memory of the check runs and comments it wrote, on SQLite and (with TEST_DATABASE_URL) PostgreSQL. */
import { storeEngines } from "./engines.js";
import { fingerprintOf } from "../../src/store/github-writes.js";
import type { Store } from "../../src/store/store.js";

const lanes = await storeEngines("writes");
const REPO = { owner: "Octo", repo: "App", installationId: 1 };
const SAME_REPO_OTHER_CASE = { owner: "octo", repo: "app", installationId: 1 };
const OTHER_REPO = { owner: "octo", repo: "other", installationId: 1 };
const at = new Date(Date.UTC(2026, 0, 1, 12));
// GitHub's check-run ids are past 2^32 already: they must survive a bigint column.
const BIG_ID = 31_234_567_890;

describe.each(lanes)("remembered GitHub writes on $engine", (lane) => {
  let store: Store;
  beforeAll(async () => {
    store = await lane.open();
  });
  afterAll(() => lane.cleanup());

  it("remembers an object's id and fingerprint per repository, kind and key", async () => {
    const key = `${"a".repeat(40)} signalbox/train`;
    expect(await store.writes.find(REPO, "check_run", key)).toBeNull();
    await store.writes.remember(REPO, "check_run", key, { id: BIG_ID, fingerprint: fingerprintOf({ title: "Tagging" }) }, at);
    expect(await store.writes.find(SAME_REPO_OTHER_CASE, "check_run", key)).toEqual({ id: BIG_ID, fingerprint: fingerprintOf({ title: "Tagging" }) });
    expect(await store.writes.find(OTHER_REPO, "check_run", key)).toBeNull();
    expect(await store.writes.find(REPO, "comment", key)).toBeNull();
  });

  it("replaces what it remembers on the next write, and forgets on request", async () => {
    await store.writes.remember(REPO, "comment", "7 <!-- marker -->", { id: 5, fingerprint: fingerprintOf("one") }, at);
    await store.writes.remember(REPO, "comment", "7 <!-- marker -->", { id: 6, fingerprint: fingerprintOf("two") }, at);
    expect(await store.writes.find(REPO, "comment", "7 <!-- marker -->")).toEqual({ id: 6, fingerprint: fingerprintOf("two") });
    await store.writes.forget(REPO, "comment", "7 <!-- marker -->");
    expect(await store.writes.find(REPO, "comment", "7 <!-- marker -->")).toBeNull();
  });

  it("fingerprints content, not identity: equal writes match and any change does not", () => {
    expect(fingerprintOf({ a: 1, b: "x" })).toBe(fingerprintOf({ a: 1, b: "x" }));
    expect(fingerprintOf({ a: 1, b: "x" })).not.toBe(fingerprintOf({ a: 1, b: "y" }));
    expect(fingerprintOf("text")).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });
});
