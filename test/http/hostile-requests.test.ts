/**
 * Bad requests to every write the HTTP API offers (board build_status, locks, project removal,
 * results, train promote), through the app's own routes: each answers 4xx with a JSON
 * `{ error, field }` naming what is wrong, and the store is exactly as it was before.
 * SQL- and script-looking strings that are legal data are stored verbatim and shown escaped.
 */
import { FakeGitHub } from "../fakes/fake-github.js";
import { createTestApp, type TestApp } from "../support/test-app.js";
import type { Store } from "../../src/store/store.js";

const TOKEN = "hostile-suite-token";
const repoRef = { owner: "octo-org", repo: "api", installationId: 55 };
const SHA = "a".repeat(40);
const SQL = "'; DROP TABLE board_projects; --";
const SCRIPT = `<script>alert("pwned")</script>`;
const bearer = { authorization: `Bearer ${TOKEN}` };
const json = { "content-type": "application/json", ...bearer };
const build = (over: Record<string, unknown> = {}) => JSON.stringify({ name: "deploy", repository: "octo-org/api", revision: SHA, status: "building", ...over });
const result = (over: Record<string, unknown> = {}) => JSON.stringify({ repository: "octo-org/api", testcase: "unit", outcome: "PASSED", item: SHA, ...over });
const oneMegabytePlus = "x".repeat(1024 * 1024 + 1);

interface Case {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  status: number;
  field: string;
  error: RegExp;
}

const CASES: Record<string, Case> = {
  "build_status: a body over 1 MB": { method: "POST", path: "/api/build_status", headers: json, body: build({ name: oneMegabytePlus }), status: 413, field: "body", error: /larger than 1 MB/ },
  "results: a body over 1 MB": { method: "POST", path: "/api/results", headers: json, body: result({ note: oneMegabytePlus }), status: 413, field: "body", error: /larger than 1 MB/ },
  "build_status: XML": { method: "POST", path: "/api/build_status", headers: { ...bearer, "content-type": "text/xml" }, body: "<build/>", status: 415, field: "content-type", error: /unsupported content type text\/xml/ },
  "results: text/plain": { method: "POST", path: "/api/results", headers: { ...bearer, "content-type": "text/plain" }, body: result(), status: 415, field: "content-type", error: /send a form or JSON/ },
  "lock: malformed JSON": { method: "POST", path: "/api/build/lock", headers: json, body: "{name:", status: 400, field: "body", error: /malformed JSON/ },
  "build_status: a JSON array": { method: "POST", path: "/api/build_status", headers: json, body: "[1,2]", status: 400, field: "body", error: /object of fields/ },
  "build_status: a short SHA": { method: "POST", path: "/api/build_status", headers: json, body: build({ revision: "abc123" }), status: 422, field: "revision", error: /40-character hexadecimal/ },
  "build_status: SQL in the revision": { method: "POST", path: "/api/build_status", headers: json, body: build({ revision: SQL }), status: 422, field: "revision", error: /commit SHA/ },
  "build_status: a script as the status": { method: "POST", path: "/api/build_status", headers: json, body: build({ status: SCRIPT }), status: 422, field: "status", error: /building, successful or failed/ },
  "build_status: a javascript: status_url": { method: "POST", path: "/api/build_status", headers: json, body: build({ status_url: "javascript:alert(1)" }), status: 422, field: "status_url", error: /http\(s\) URL/ },
  "build_status: a number as the name": { method: "POST", path: "/api/build_status", headers: json, body: build({ name: 42 }), status: 422, field: "name", error: /must be a string/ },
  "lock: a control character in the name": { method: "POST", path: "/api/build/lock", headers: json, body: JSON.stringify({ name: "a\u0000b", repository: "r", revision: SHA }), status: 422, field: "name", error: /control characters/ },
  "results: an invalid SHA": { method: "POST", path: "/api/results", headers: json, body: result({ item: "not-a-sha" }), status: 422, field: "item", error: /neither a commit SHA nor a tag/ },
  "results: SQL in the repository": { method: "POST", path: "/api/results", headers: json, body: result({ repository: `octo-org/api${SQL}` }), status: 422, field: "repository", error: /owner\/name/ },
  "results: a script as the outcome": { method: "POST", path: "/api/results", headers: json, body: result({ outcome: SCRIPT }), status: 422, field: "outcome", error: /outcome must be one of/ },
  "results: an unknown repository": { method: "POST", path: "/api/results", headers: json, body: result({ repository: "octo-org/elsewhere" }), status: 404, field: "repository", error: /not installed on octo-org\/elsewhere/ },
  "projects: an unknown project": { method: "DELETE", path: "/api/projects/no-such-project", headers: bearer, status: 404, field: "name", error: /no project named no-such-project/ },
  "projects: bad URL encoding": { method: "DELETE", path: "/api/projects/%E0%A4%A", headers: bearer, status: 400, field: "name", error: /not valid URL encoding/ },
  "promote: an unknown repository": { method: "POST", path: "/api/repos/octo-org/elsewhere/releases/release-2026.12.01-1/promote", headers: bearer, status: 404, field: "repository", error: /not installed/ },
  "promote: an unknown release": { method: "POST", path: "/api/repos/octo-org/api/releases/release-2026.12.01-9/promote", headers: bearer, status: 404, field: "tag", error: /there is no release release-2026\.12\.01-9/ },
  "promote: bad URL encoding in the tag": { method: "POST", path: "/api/repos/octo-org/api/releases/%E0%A4%A/promote", headers: bearer, status: 400, field: "tag", error: /not valid URL encoding/ },
  "train: bad URL encoding in the owner": { method: "GET", path: "/api/repos/%ZZ/api/train", headers: bearer, status: 400, field: "owner", error: /not valid URL encoding/ },
  "build_status: no token": { method: "POST", path: "/api/build_status", headers: { "content-type": "application/json" }, body: build(), status: 401, field: "token", error: /missing API token/ },
  "results: a wrong token": { method: "POST", path: "/api/results", headers: { ...json, authorization: "Bearer guess" }, body: result(), status: 401, field: "token", error: /wrong API token/ },
  "build_status: GET": { method: "GET", path: "/api/build_status", headers: bearer, status: 405, field: "method", error: /use POST/ },
};

describe("hostile HTTP API requests", () => {
  const fake = new FakeGitHub();
  let app: TestApp;
  let base: string;

  beforeAll(async () => {
    await fake.start();
    fake.addRepo({ ...repoRef, defaultBranch: "main" });
    app = await createTestApp(fake, { env: { API_TOKEN: TOKEN } });
    base = await app.listen();
    // Something to lose: a project with a build and a lock, and a result.
    await send({ method: "POST", path: "/api/build_status", headers: json, body: build() }, 200);
    await send({ method: "POST", path: "/api/build/lock", headers: json, body: JSON.stringify({ name: "deploy", repository: "octo-org/api", revision: SHA }) }, 200);
    await send({ method: "POST", path: "/api/results", headers: json, body: result() }, 201);
  });
  afterAll(async () => {
    await app.close();
    await fake.stop();
  });

  async function send(c: Pick<Case, "method" | "path" | "headers" | "body">, status: number): Promise<Response> {
    const res = await fetch(`${base}${c.path}`, { method: c.method, headers: c.headers, body: c.body });
    expect(res.status).toBe(status);
    return res;
  }

  it.each(Object.entries(CASES))("%s: answers 4xx with a JSON error naming the field, and writes nothing", async (_name, c) => {
    const before = await snapshot(app.store);
    const res = await send(c, c.status);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const body = (await res.json()) as { error: string; field: string };
    expect(body.field).toBe(c.field);
    expect(body.error).toMatch(c.error);
    await app.signalbox.worker!.drain();
    expect(await snapshot(app.store)).toEqual(before);
  });

  it("never echoes a wrong token, from the query or a header", async () => {
    const secretish = "ghs_0123456789abcdefWRONGTOKEN";
    for (const res of [
      await fetch(`${base}/api/results?repository=octo-org/api&token=${secretish}`),
      await fetch(`${base}/api/build_status?token=${secretish}`, { method: "POST", headers: { "content-type": "application/json" }, body: build() }),
      await fetch(`${base}/api/repos/octo-org/api/train`, { headers: { authorization: `Bearer ${secretish}` } }),
    ]) {
      expect(res.status).toBe(401);
      expect(await res.text()).not.toContain(secretish);
    }
  });

  it("stores SQL- and script-looking names verbatim as data, and the dashboard shows them escaped", async () => {
    await send({ method: "POST", path: "/api/build_status", headers: json, body: build({ name: SCRIPT, repository: SQL }) }, 200);
    expect(await app.store.board.findProjectByRepository(SQL)).toMatchObject({ repository: SQL });
    expect((await snapshot(app.store)).board_projects).toBeGreaterThan(1); // the table is still there
    const page = await (await fetch(`${base}/`)).text();
    expect(page).not.toContain(SCRIPT);
    expect(page).toContain("&lt;script&gt;");
    expect(page).toContain("&#39;; DROP TABLE board_projects; --");
  });
});

/** Row counts of every table, and the board and results as the API shows them. */
async function snapshot(store: Store): Promise<Record<string, unknown>> {
  const tables = (await store.db.introspection.getTables()).map((t) => t.name).sort();
  const counts: Record<string, unknown> = {};
  for (const table of tables) {
    const row = await store.db
      .selectFrom(table as never)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    counts[table] = Number((row as { n: number | string }).n);
  }
  counts.board = await store.board.listProjects();
  return counts;
}
