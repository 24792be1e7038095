/** The results and waivers stores, on SQLite and (with TEST_DATABASE_URL) PostgreSQL. */
import { storeEngines } from "./engines.js";
import type { NewResult } from "../../src/core/gates/index.js";
import type { Store } from "../../src/store/store.js";

const lanes = await storeEngines("results");
const sha = (c: string) => c.repeat(40);
const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 12, minutes));
const REPO = { owner: "Octo", repo: "App" };
const OTHER_REPO = { owner: "octo", repo: "other" };
const result = (over: Partial<NewResult> = {}): NewResult => ({ testcase: "unit", item: sha("a"), outcome: "PASSED", source: "api", refUrl: null, note: null, ...over });
const HOSTILE = `<script>alert("x")</script>'; drop table results; -- ü 🚀\n\ttab`;

describe.each(lanes)("results store on $engine", (lane) => {
  let store: Store;
  beforeAll(async () => {
    store = await lane.open();
    await store.results.record(REPO, result({ outcome: "FAILED" }), at(1));
    await store.results.record(REPO, result({ testcase: "e2e", outcome: "RUNNING", source: "check_run", refUrl: "https://ci.example/2" }), at(2));
    await store.results.record(REPO, result({ outcome: "PASSED" }), at(3));
    await store.results.record(REPO, result({ item: sha("b") }), at(4));
    await store.results.record(OTHER_REPO, result(), at(5));
  });
  afterAll(() => lane.cleanup());

  it("records a result and hands it back with an id, verbatim", async () => {
    const stored = await store.results.record(REPO, result({ testcase: "hostile", note: HOSTILE, refUrl: "https://x.example/?q=<b>" }), at(6));
    expect(stored).toEqual({ id: expect.any(Number), repository: "octo/app", testcase: "hostile", item: sha("a"), outcome: "PASSED", source: "api", refUrl: "https://x.example/?q=<b>", note: HOSTILE, createdAt: at(6) });
    expect((await store.results.query({ repo: REPO, testcase: "hostile", limit: 5 }))[0]).toEqual(stored);
  });

  it("keeps history: forItem lists every result on the item, oldest first", async () => {
    const history = await store.results.forItem(REPO, sha("a"));
    expect(history.map((r) => [r.testcase, r.outcome])).toEqual([
      ["unit", "FAILED"],
      ["e2e", "RUNNING"],
      ["unit", "PASSED"],
      ["hostile", "PASSED"],
    ]);
  });

  it("forItem with a time lists only what existed then", async () => {
    expect((await store.results.forItem(REPO, sha("a"), at(2))).map((r) => r.outcome)).toEqual(["FAILED", "RUNNING"]);
    expect(await store.results.forItem(REPO, sha("a"), at(0))).toEqual([]);
  });

  it("matches the repository case-insensitively and keeps repositories apart", async () => {
    expect(await store.results.forItem({ owner: "OCTO", repo: "app" }, sha("b"))).toHaveLength(1);
    expect(await store.results.forItem(OTHER_REPO, sha("b"))).toEqual([]);
  });

  it.each([
    ["all, newest first", {}, ["hostile", "unit", "unit", "e2e", "unit"]],
    ["one item", { item: sha("a") }, ["hostile", "unit", "e2e", "unit"]],
    ["one testcase", { testcase: "unit" }, ["unit", "unit", "unit"]],
    ["item and testcase", { item: sha("a"), testcase: "unit" }, ["unit", "unit"]],
    ["a limit", { limit: 2 }, ["hostile", "unit"]],
  ])("queries %s", async (_name, filter, testcases) => {
    const rows = await store.results.query({ repo: REPO, limit: 100, ...filter });
    expect(rows.map((r) => r.testcase)).toEqual(testcases);
  });

  it("orders results recorded in the same millisecond by arrival", async () => {
    const first = await store.results.record(REPO, result({ item: sha("c"), outcome: "FAILED" }), at(9));
    const second = await store.results.record(REPO, result({ item: sha("c"), outcome: "PASSED" }), at(9));
    expect((await store.results.forItem(REPO, sha("c"))).map((r) => r.id)).toEqual([first.id, second.id]);
    expect((await store.results.query({ repo: REPO, item: sha("c"), limit: 5 })).map((r) => r.id)).toEqual([second.id, first.id]);
  });
});

describe.each(lanes)("waivers store on $engine", (lane) => {
  let store: Store;
  const waiver = (minute: number, over = {}) => ({
    testcase: "unit",
    item: sha("a"),
    context: null as string | null,
    reason: HOSTILE,
    by: "alice",
    createdAt: at(minute),
    expiresAt: at(minute + 60),
    ...over,
  });
  beforeAll(async () => (store = await lane.open()));
  afterAll(() => lane.cleanup());

  it("adds a waiver and hands it back verbatim", async () => {
    const added = await store.waivers.add(REPO, waiver(0));
    expect(added).toEqual({ id: expect.any(Number), repository: "octo/app", ...waiver(0), revokedAt: null, revokedBy: null });
  });

  it("revokes only active waivers, of one context or every context", async () => {
    const scoped = await store.waivers.add(REPO, waiver(1, { context: "promote" }));
    await store.waivers.add(REPO, waiver(-120, { reason: "expired long ago" }));
    expect(await store.waivers.revoke(REPO, "unit", sha("a"), "test_tag", "bob", at(10))).toEqual([]);
    const byContext = await store.waivers.revoke(REPO, "unit", sha("a"), "promote", "bob", at(10));
    expect(byContext).toEqual([{ ...scoped, revokedAt: at(10), revokedBy: "bob" }]);
    const rest = await store.waivers.revoke(REPO, "unit", sha("a"), null, "carol", at(11));
    expect(rest.map((w) => [w.context, w.revokedBy])).toEqual([[null, "carol"]]);
    expect(await store.waivers.revoke(REPO, "unit", sha("a"), null, "carol", at(12))).toEqual([]);
  });

  it("forItem lists every waiver of the item created by the time, oldest first", async () => {
    await store.waivers.add(REPO, waiver(30, { item: sha("b") }));
    expect((await store.waivers.forItem(REPO, sha("a"))).map((w) => w.reason)).toEqual(["expired long ago", HOSTILE, HOSTILE]);
    expect((await store.waivers.forItem(REPO, sha("a"), at(0))).map((w) => w.reason)).toEqual(["expired long ago", HOSTILE]);
    expect(await store.waivers.forItem(OTHER_REPO, sha("a"))).toEqual([]);
  });

  it("lists a repository's waivers newest first, expired and revoked included", async () => {
    const list = await store.waivers.list(REPO);
    expect(list.map((w) => [w.item.slice(0, 1), w.createdAt.getTime()])).toEqual([
      ["b", at(30).getTime()],
      ["a", at(1).getTime()],
      ["a", at(0).getTime()],
      ["a", at(-120).getTime()],
    ]);
    expect(await store.waivers.list(REPO, 1)).toHaveLength(1);
  });
});
