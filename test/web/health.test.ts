/**
 * /healthz and /readyz on each store engine: ready when the store answers and every migration is
 * applied; 503 with the reason when one is missing, when the store is gone, and while draining.
 */
import { createServer, type Server } from "node:http";
import { sql } from "kysely";
import { compareMigrations, createHealthState, healthHandler, type HealthState } from "../../src/web/health.js";
import type { Store } from "../../src/store/store.js";
import { FakeGitHub } from "../fakes/fake-github.js";
import { storeEngines } from "../store/engines.js";
import { createTestApp } from "../support/test-app.js";

const lanes = await storeEngines("health");

async function serve(store: Store, state: HealthState): Promise<{ base: string; server: Server }> {
  const handle = healthHandler(store, state);
  const server = createServer(async (req, res) => {
    if (!(await handle(req, res))) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return { base: `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`, server };
}

async function get(base: string, path: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}${path}`);
  return { status: res.status, body: await res.json() };
}

describe.each(lanes)("health on $engine", (lane) => {
  let store: Store;
  let state: HealthState;
  let base: string;
  let server: Server;

  beforeAll(async () => {
    store = await lane.open();
    state = createHealthState();
    ({ base, server } = await serve(store, state));
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await lane.cleanup();
  });

  it("is ready when the store answers and every migration is applied", async () => {
    await store.journal.record({ id: "waiting", name: "push", repoKey: "o/r", installationId: 1, payload: {} });
    expect(await get(base, "/readyz")).toEqual({ status: 200, body: { status: "ready", engine: lane.engine, pending: 1 } });
    expect(await get(base, "/healthz")).toEqual({ status: 200, body: { status: "ok" } });
  });

  it("stays ready, and says so, when a newer replica has applied a migration this code does not know", async () => {
    await sql`insert into schema_migrations (name, timestamp) values ('9999-from-a-newer-release', '2030-01-01T00:00:00.000Z')`.execute(store.db);
    try {
      const ready = await get(base, "/readyz");
      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({ status: "ready", newerMigrations: ["9999-from-a-newer-release"] });
    } finally {
      await sql`delete from schema_migrations where name = '9999-from-a-newer-release'`.execute(store.db);
    }
  });

  it("is not ready while a migration the code knows is missing from the store", async () => {
    const { rows } = await sql<{ name: string; timestamp: string }>`select name, timestamp from schema_migrations order by name desc`.execute(store.db);
    const last = rows[0]!;
    await sql`delete from schema_migrations where name = ${last.name}`.execute(store.db);
    try {
      const ready = await get(base, "/readyz");
      expect(ready.status).toBe(503);
      expect(ready.body).toEqual({ status: "unavailable", reason: `migrations not applied: ${last.name}`, engine: lane.engine });
    } finally {
      await sql`insert into schema_migrations (name, timestamp) values (${last.name}, ${last.timestamp})`.execute(store.db);
    }
    expect((await get(base, "/readyz")).status).toBe(200);
  });

  it("is not ready while draining, and still alive", async () => {
    state.draining = true;
    try {
      expect(await get(base, "/readyz")).toEqual({ status: 503, body: { status: "draining", reason: "shutting down: finishing the work in flight" } });
      expect((await get(base, "/healthz")).status).toBe(200);
    } finally {
      state.draining = false;
    }
  });

  it("is not ready once the store is closed, and liveness does not depend on it", async () => {
    await store.close();
    const ready = await get(base, "/readyz");
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ status: "unavailable", engine: lane.engine, reason: expect.stringMatching(/^store unreachable: /) });
    expect((await get(base, "/healthz")).status).toBe(200);
  });
});

describe("compareMigrations", () => {
  it.each([
    [["a", "b"], ["a", "b"], { missing: [], unknown: [] }],
    [["a", "b"], ["a"], { missing: ["b"], unknown: [] }],
    [["a"], ["a", "c"], { missing: [], unknown: ["c"] }],
    [["a", "b"], [], { missing: ["a", "b"], unknown: [] }],
  ])("known %j, applied %j", (known, applied, expected) => {
    expect(compareMigrations(known, applied)).toEqual(expected);
  });
});

describe("the app's readiness during shutdown", () => {
  const fake = new FakeGitHub();
  beforeAll(() => fake.start());
  afterAll(() => fake.stop());

  it("turns /readyz to 503 once startDraining is called", async () => {
    const app = await createTestApp(fake);
    try {
      const base = await app.listen();
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      app.signalbox.startDraining();
      expect(await get(base, "/readyz")).toMatchObject({ status: 503, body: { status: "draining" } });
    } finally {
      await app.close();
    }
  });
});
