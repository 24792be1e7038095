/** The results API over real HTTP on loopback, with a real store and stubbed GitHub lookups. */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { GatePolicy } from "../../src/config/schema.js";
import { resultsApiRoutes, type ResultsApiDeps } from "../../src/intake/http/results-api.js";
import { loadSettings } from "../../src/settings.js";
import { createStore } from "../../src/store/create-store.js";
import type { Store } from "../../src/store/store.js";

const TOKEN = "gate-token";
const SHA = "c".repeat(40);
const TAG_SHA = "d".repeat(40);
const REPOSITORY = "octo/app";
const HOSTILE = `<script>alert("x")</script>&amp;'"`;
const GATES: Record<string, GatePolicy> = {
  promote: { require: ["unit", "e2e/*"], quarantine: [] },
  later: { require: ["unit"], valid_since: "2099-01-01", quarantine: [] },
};

let url: string;
let store: Store;
let server: Server;
let dataDir: string;
let clock = new Date("2026-06-01T12:00:00Z");
const onResult: Array<{ testcase: string }> = [];
const errors: unknown[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "signalbox-results-api-"));
  store = await createStore({ dataDir });
  const deps: ResultsApiDeps = {
    store,
    settings: loadSettings({ API_TOKEN: TOKEN }),
    now: () => clock,
    log: { info: () => undefined, warn: () => undefined, error: (o) => errors.push(o) },
  };
  const routes = resultsApiRoutes(deps, {
    loadGates: async (owner, repo) => (`${owner}/${repo}` === REPOSITORY ? GATES : {}),
    resolveItem: async (_owner, _repo, item) => (item === "test-2026.06.01-1" ? TAG_SHA : null),
    onResult: async (_repo, result) => void onResult.push(result),
  });
  server = createServer((req, res) => void routes(req, res).then((handled) => handled || res.writeHead(404).end()));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const bearer = { authorization: `Bearer ${TOKEN}` };
const postJson = (fields: Record<string, unknown>, headers: Record<string, string> = bearer) =>
  fetch(`${url}/api/results`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(fields) });
const get = (path: string, params: Record<string, string>, headers: Record<string, string> = bearer) => fetch(`${url}${path}?${new URLSearchParams(params)}`, { headers });
const report = (over: Record<string, unknown> = {}) => ({ repository: REPOSITORY, testcase: "unit", outcome: "PASSED", item: SHA, ...over });
const tick = (minutes = 1) => (clock = new Date(clock.getTime() + minutes * 60_000));

describe("POST /api/results", () => {
  it("stores a result and answers 201 with it, hostile text verbatim as JSON", async () => {
    const res = await postJson(report({ outcome: "failed", ref_url: "https://ci.example/1?a=<b>", note: HOSTILE }));
    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await res.json()).toEqual({
      id: expect.any(Number),
      repository: REPOSITORY,
      testcase: "unit",
      item: SHA,
      outcome: "FAILED",
      source: "api",
      ref_url: "https://ci.example/1?a=<b>",
      note: HOSTILE,
      created_at: clock.toISOString(),
    });
    expect(onResult.at(-1)).toMatchObject({ testcase: "unit", outcome: "FAILED" });
  });

  it("takes a form with the token as a field, and resolves a tag to its commit", async () => {
    tick();
    const body = new URLSearchParams({ ...report({ testcase: "e2e/smoke", item: "test-2026.06.01-1" }), token: TOKEN } as Record<string, string>);
    const res = await fetch(`${url}/api/results`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: body.toString() });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ item: TAG_SHA, testcase: "e2e/smoke" });
  });

  it("lowercases a full SHA without looking it up", async () => {
    const res = await postJson(report({ item: SHA.toUpperCase(), testcase: "lint" }));
    expect(await res.json()).toMatchObject({ item: SHA });
  });

  it.each([
    ["missing", {}, "missing API token (token field or Authorization: Bearer)"],
    ["wrong", { authorization: "Bearer nope" }, "wrong API token"],
  ])("answers 401 for a %s token", async (_name, headers, error) => {
    const res = await postJson(report(), headers);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error, field: "token" });
  });

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ["no repository", { repository: undefined }, "repository", /repository/],
    ["a bad repository", { repository: "not a repo" }, "repository", /owner\/name/],
    ["no testcase", { testcase: "" }, "testcase", /testcase is required/],
    ["a control character in the testcase", { testcase: "a\u0007b" }, "testcase", /control characters/],
    ["an unknown outcome", { outcome: "GREEN" }, "outcome", /outcome must be one of PASSED, FAILED, ERROR, QUEUED, RUNNING, INFO, NEEDS_INSPECTION/],
    ["no item", { item: undefined }, "item", /item is required/],
    ["an unknown tag", { item: "v9.9.9" }, "item", /item "v9\.9\.9" is neither a commit SHA nor a tag in octo\/app/],
    ["a javascript: ref_url", { ref_url: "javascript:alert(1)" }, "ref_url", /http\(s\)/],
    ["a NUL in the note", { note: "a\u0000b" }, "note", /control characters/],
  ])("answers 422 naming the field for %s", async (_name, over, field, error) => {
    const res = await postJson(report(over));
    expect(res.status).toBe(422);
    const body = (await res.json()) as { field: string; error: string };
    expect(body.field).toBe(field);
    expect(body.error).toMatch(error);
  });

  it("answers 405 for another method and leaves other paths alone", async () => {
    const res = await fetch(`${url}/api/results`, { method: "DELETE", headers: bearer });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST, GET");
    expect((await fetch(`${url}/api/other`)).status).toBe(404);
  });
});

describe("GET /api/results", () => {
  it("lists results newest first, filtered by item and testcase", async () => {
    const all = (await (await get("/api/results", { repository: REPOSITORY })).json()) as Array<{ testcase: string }>;
    expect(all.map((r) => r.testcase)).toEqual(["lint", "e2e/smoke", "unit"]);
    const one = (await (await get("/api/results", { repository: REPOSITORY, item: SHA, testcase: "unit" })).json()) as Array<{ note: string }>;
    expect(one).toEqual([expect.objectContaining({ testcase: "unit", note: HOSTILE })]);
    const byTag = (await (await get("/api/results", { repository: REPOSITORY, item: "test-2026.06.01-1" })).json()) as unknown[];
    expect(byTag).toHaveLength(1);
  });

  it("needs the token (query or Bearer)", async () => {
    expect((await get("/api/results", { repository: REPOSITORY }, {})).status).toBe(401);
    expect((await get("/api/results", { repository: REPOSITORY, token: TOKEN }, {})).status).toBe(200);
  });

  it("answers 422 for a bad limit", async () => {
    const res = await get("/api/results", { repository: REPOSITORY, limit: "0" });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ field: "limit", error: "limit must be at least 1" });
  });
});

describe("GET /api/decision", () => {
  const decision = async (params: Record<string, string>) => {
    const res = await get("/api/decision", { repository: REPOSITORY, context: "promote", item: SHA, ...params });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it("answers the decision in Greenwave's shape", async () => {
    const { status, body } = await decision({});
    expect(status).toBe(200);
    expect(body).toMatchObject({
      repository: REPOSITORY,
      context: "promote",
      item: SHA,
      at: clock.toISOString(),
      satisfied: false,
      applicable: true,
      summary: "Of 2 required tests, 1 failed, 1 missing",
      satisfied_requirements: [],
      unsatisfied_requirements: [
        { type: "test-result-failed", testcase: "unit", item: SHA, outcome: "FAILED", ref_url: "https://ci.example/1?a=<b>" },
        { type: "test-result-missing", testcase: "e2e/*", item: SHA, outcome: null },
      ],
    });
  });

  it("counts a waiver, and replays the decision before it with when=", async () => {
    const before = clock;
    tick();
    await store.waivers.add({ owner: "octo", repo: "app" }, { testcase: "unit", item: SHA, context: null, reason: HOSTILE, by: "alice", createdAt: clock, expiresAt: new Date(clock.getTime() + 86_400_000) });
    await store.results.record({ owner: "octo", repo: "app" }, { testcase: "e2e/a", item: SHA, outcome: "PASSED", source: "check_run", refUrl: null, note: null }, clock);
    tick();
    expect((await decision({})).body).toMatchObject({ satisfied: true, summary: "All 2 required tests passed (1 waived)" });
    const replay = await decision({ when: before.toISOString() });
    expect(replay.body).toMatchObject({ satisfied: false, at: before.toISOString(), summary: "Of 2 required tests, 1 failed, 1 missing" });
  });

  it("says when the policy is not in effect yet", async () => {
    expect((await decision({ context: "later" })).body).toMatchObject({ satisfied: true, applicable: false, summary: "Not in effect until 2099-01-01 (valid_since): no tests are required" });
  });

  it.each<[string, Record<string, string>, number, object]>([
    ["an unknown context", { context: "nope" }, 404, { error: `no gate "nope" in octo/app's .github/signalbox.yml (the gates are promote, later)`, contexts: ["promote", "later"] }],
    ["a repository without gates", { repository: "octo/none" }, 404, { error: `no gate "promote" in octo/none's .github/signalbox.yml (it has no gates)`, contexts: [] }],
    ["a prototype key as context", { context: "constructor" }, 404, { contexts: ["promote", "later"] }],
    ["an unknown tag", { item: "nope" }, 422, { field: "item" }],
    ["a bad when", { when: "yesterday" }, 422, { field: "when" }],
    ["no context", { context: "" }, 422, { field: "context", error: "context is required" }],
  ])("answers %s", async (_name, params, status, body) => {
    const res = await decision(params);
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject(body);
  });
});

describe("GET /api/waivers", () => {
  it("lists active and expired waivers with who, why and until", async () => {
    const repo = { owner: "octo", repo: "app" };
    await store.waivers.add(repo, { testcase: "old", item: SHA, context: "promote", reason: "gone", by: "bob", createdAt: new Date("2026-01-01T00:00:00Z"), expiresAt: new Date("2026-01-02T00:00:00Z") });
    const res = await get("/api/waivers", { repository: REPOSITORY });
    expect(res.status).toBe(200);
    const list = (await res.json()) as Array<Record<string, unknown>>;
    expect(list).toEqual([
      expect.objectContaining({ testcase: "unit", state: "active", by: "alice", reason: HOSTILE, context: null, revoked_at: null }),
      expect.objectContaining({ testcase: "old", state: "expired", by: "bob", reason: "gone", context: "promote", expires_at: "2026-01-02T00:00:00.000Z" }),
    ]);
  });

  it("answers 422 without a repository", async () => {
    expect((await get("/api/waivers", {})).status).toBe(422);
  });

  it("logged no unexpected errors", () => expect(errors).toEqual([]));
});
