/**
 * API tokens limited to repositories and owners (`name:scopes@owner/*+owner/repo:token`), the
 * `read` scope, and the `signalbox/*` build names only an admin token may report: over real HTTP,
 * through the board, results and train APIs, with a real store.
 */
import { parseConfig } from "../../src/config/index.js";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BoardOutboxWorker } from "../../src/effects/board-outbox-worker.js";
import { boardApiRoutes } from "../../src/intake/http/board-api.js";
import { resultsApiRoutes } from "../../src/intake/http/results-api.js";
import { trainApiRoutes } from "../../src/intake/http/train-api.js";
import { loadSettings } from "../../src/settings.js";
import { createStore } from "../../src/store/create-store.js";
import type { Store } from "../../src/store/store.js";
import type { RouteDeps, RouteHandler } from "../../src/intake/http/route-types.js";
import type { TrainPort } from "../../src/effects/train-port.js";

const SHA = "a".repeat(40);
const TOKENS = [
  "jenkins:report+lock@acme/*:j-secret",
  "reader:read@acme/app+octo:r-secret",
  "everywhere:report:e-secret",
  "acme-admin:admin@acme/*:a-secret",
].join(" ");

let store: Store;
let server: Server;
let url: string;
let dataDir: string;
let worker: BoardOutboxWorker;
/** Repositories whose train state GitHub was asked for. */
const trainReads: string[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "signalbox-token-scopes-"));
  store = await createStore({ dataDir });
  const train = { listReleases: async (repo: { owner: string; repo: string }) => (trainReads.push(`${repo.owner}/${repo.repo}`), []), listTags: async () => [] } as unknown as TrainPort;
  const deps: RouteDeps = {
    store,
    settings: loadSettings({ API_TOKEN: "legacy-secret", API_TOKENS: TOKENS }),
    github: async () => {
      throw new Error("no GitHub in this test");
    },
    app: { findInstallationId: async () => 1 },
    now: () => new Date(),
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    trains: async () => train,
    wakeWorker: () => undefined,
    loadConfig: async () => parseConfig(null),
  };
  worker = new BoardOutboxWorker({ ...deps, pollMs: 60_000 });
  const handlers: RouteHandler[] = [
    boardApiRoutes(deps, { worker, githubHosts: ["github.com"] }),
    trainApiRoutes(deps),
    resultsApiRoutes(deps, { loadGates: async () => ({}), resolveItem: async () => null }),
  ];
  server = createServer(async (req, res) => {
    for (const handler of handlers) if (await handler(req, res)) return;
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await worker.stop();
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const as = (token: string) => ({ authorization: `Bearer ${token}` });
const report = (token: string, repository: string, name = "unit") =>
  fetch(`${url}/api/build_status`, { method: "POST", headers: as(token), body: new URLSearchParams({ name, repository, revision: SHA, status: "successful" }) });
const lock = (token: string, repository: string) =>
  fetch(`${url}/api/build/lock`, { method: "POST", headers: as(token), body: new URLSearchParams({ name: "deploy", repository, revision: SHA }) });
const read = (token: string, path: string, repository: string) => fetch(`${url}${path}?${new URLSearchParams({ repository, context: "promote", item: SHA })}`, { headers: as(token) });
const builds = async (repository: string) => {
  const project = await store.board.findProjectByRepository(repository);
  return project ? (await store.board.latestRevisions(project.id, 5)).flatMap((r) => r.builds.map((b) => b.name)) : [];
};

describe("a token limited to repositories", () => {
  it.each([
    ["its owner's repository", "git@github.com:acme/app.git", 200],
    ["another repository of its owner, in any case", "https://github.com/ACME/tools", 200],
    ["another owner's repository", "git@github.com:evil/app.git", 403],
    ["an owner whose name starts the same", "git@github.com:acme-evil/app.git", 403],
    ["a repository that is not on GitHub", "git@gitlab.example:acme/app.git", 403],
  ])("reports builds for %s (%s): %s", async (_label, repository, status) => {
    const res = await report("j-secret", repository);
    expect(res.status).toBe(status);
    if (status === 403) expect(await res.json()).toMatchObject({ field: "repository", error: expect.stringContaining(`token "jenkins" does not cover`) });
    expect(await builds(repository)).toEqual(status === 200 ? ["unit"] : []);
  });

  it("takes locks only within its repositories", async () => {
    expect((await lock("j-secret", "git@github.com:acme/app.git")).status).toBe(200);
    expect((await lock("j-secret", "git@github.com:evil/app.git")).status).toBe(403);
  });

  it("deletes only projects of its repositories, even with the admin scope", async () => {
    await report("legacy-secret", "git@github.com:evil/gone.git");
    expect((await fetch(`${url}/api/projects/gone`, { method: "DELETE", headers: as("a-secret") })).status).toBe(403);
    expect(await store.board.findProject("gone")).toBeDefined();
    await report("legacy-secret", "git@github.com:acme/gone2.git");
    expect((await fetch(`${url}/api/projects/gone2`, { method: "DELETE", headers: as("a-secret") })).status).toBe(200);
  });

  it("a token naming no repository covers all, as before", async () => {
    expect((await report("e-secret", "git@github.com:anyone/thing.git")).status).toBe(200);
    expect((await report("e-secret", "git@gitlab.example:anyone/thing.git")).status).toBe(200);
  });
});

describe("signalbox/* build names", () => {
  it("a report token may not set a signalbox/ context; an admin token may", async () => {
    const refused = await report("e-secret", "git@github.com:acme/ctx.git", "signalbox/e2e");
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ field: "name", error: expect.stringMatching(/signalbox\//) });
    expect((await report("j-secret", "git@github.com:acme/ctx.git", "SignalBox/e2e")).status).toBe(403);
    expect(await builds("git@github.com:acme/ctx.git")).toEqual([]);
    // No commit status with that context is queued for GitHub either.
    const queued = await store.db.selectFrom("board_outbox").select("key").execute();
    expect(queued.filter((row) => row.key.toLowerCase().includes("#signalbox/"))).toEqual([]);
    expect((await report("a-secret", "git@github.com:acme/ctx.git", "signalbox/e2e")).status).toBe(200);
    expect((await report("legacy-secret", "git@github.com:acme/ctx2.git", "signalbox/e2e")).status).toBe(200);
  });
});

describe("reading results, decisions and train state needs the read scope", () => {
  it.each([
    ["a report+lock token", "j-secret", "/api/results", "acme/app", 403],
    ["a report-only token", "e-secret", "/api/waivers", "acme/app", 403],
    ["a read token in its repository", "r-secret", "/api/results", "acme/app", 200],
    ["a read token in its owner's repository", "r-secret", "/api/waivers", "octo/thing", 200],
    ["a read token outside its repositories", "r-secret", "/api/results", "acme/other", 403],
    ["a read token asking a decision outside its repositories", "r-secret", "/api/decision", "evil/app", 403],
    ["an admin token of the owner", "a-secret", "/api/results", "acme/other", 200],
    ["the lone API_TOKEN", "legacy-secret", "/api/results", "evil/app", 200],
  ])("%s (%s): GET %s for %s answers %s", async (_label, token, path, repository, status) => {
    expect((await read(token, path, repository)).status).toBe(status);
  });

  it("train state: a read token within its repositories only, and GitHub is not asked otherwise", async () => {
    trainReads.length = 0;
    expect((await fetch(`${url}/api/repos/acme/app/train`, { headers: as("r-secret") })).status).toBe(200);
    expect((await fetch(`${url}/api/repos/evil/app/train`, { headers: as("r-secret") })).status).toBe(403);
    expect((await fetch(`${url}/api/repos/acme/app/train`, { headers: as("j-secret") })).status).toBe(403);
    expect(trainReads).toEqual(["acme/app"]);
  });

  it("a report token still reports results within its repositories, not elsewhere", async () => {
    const post = (repository: string) => fetch(`${url}/api/results`, { method: "POST", headers: { ...as("j-secret"), "content-type": "application/json" }, body: JSON.stringify({ repository, testcase: "unit", outcome: "PASSED", item: SHA }) });
    expect((await post("acme/app")).status).toBe(201);
    expect((await post("evil/app")).status).toBe(403);
    expect(await store.results.query({ repo: { owner: "evil", repo: "app" }, item: null, testcase: null, limit: 10 })).toEqual([]);
  });
});
