/** The board API over real HTTP: joakimk/pipeline's scenarios, auth, validation and limits. */
import { postForm, startBoardApi, TOKEN, type Harness } from "./board-harness.js";

const REV = "440f78f6de0c71e073707d9435db89f8e5390a59";
const errorOf = async (res: Response) => ((await res.json()) as { error: string; field?: string });
const withoutToken = ({ token: _token, ...rest }: Record<string, string>) => rest;
const build = (over: Record<string, string> = {}) => ({
  token: TOKEN,
  name: "foo_tests",
  repository: "git@example.com:user/foo.git",
  revision: REV,
  status: "building",
  ...over,
});

let api: Harness;
beforeAll(async () => (api = await startBoardApi()));
afterAll(() => api.close());

async function buildsOf(repository: string) {
  const project = (await api.store.board.findProjectByRepository(repository))!;
  return api.store.board.latestRevisions(project.id, 10);
}

describe("POST /api/build_status", () => {
  it("adds a build, then updates it in place, answering 200 with an empty body", async () => {
    const first = await postForm(`${api.url}/api/build_status`, build());
    expect(first.status).toBe(200);
    expect(await first.text()).toBe("");
    const second = await postForm(`${api.url}/api/build_status`, build({ status: "successful", status_url: "https://ci.example/1" }));
    expect(second.status).toBe(200);
    const [revision] = await buildsOf("git@example.com:user/foo.git");
    expect(revision!.builds).toEqual([expect.objectContaining({ name: "foo_tests", status: "successful", statusUrl: "https://ci.example/1" })]);
    expect((await api.store.board.findProject("foo"))!.repository).toBe("git@example.com:user/foo.git");
  });

  it("lowercases the revision and takes an empty status_url as none", async () => {
    const repository = "https://github.example/org/upper/";
    const res = await postForm(`${api.url}/api/build_status`, build({ repository, revision: REV.toUpperCase(), status_url: "" }));
    expect(res.status).toBe(200);
    expect((await buildsOf(repository))[0]).toMatchObject({ hash: REV, builds: [{ statusUrl: null }] });
    expect((await api.store.board.findProjectByRepository(repository))!.name).toBe("upper");
  });

  it.each([
    ["JSON body", (f: Record<string, string>) => ({ headers: { "content-type": "application/json" }, body: JSON.stringify(f) })],
    ["query parameter", (f: Record<string, string>) => ({ query: `?token=${TOKEN}`, body: new URLSearchParams(withoutToken(f)).toString() })],
    ["bearer header", (f: Record<string, string>) => ({ headers: { authorization: `Bearer ${TOKEN}` }, body: new URLSearchParams(withoutToken(f)).toString() })],
    ["multipart form (curl -F)", (f: Record<string, string>) => ({ form: f })],
  ])("accepts the token as a %s", async (_how, shape) => {
    const s = shape(build({ name: "token-test" })) as { headers?: Record<string, string>; body?: string; query?: string; form?: Record<string, string> };
    const body = s.form ? Object.entries(s.form).reduce((fd, [k, v]) => (fd.append(k, v), fd), new FormData()) : s.body;
    const headers = s.form ? {} : { "content-type": "application/x-www-form-urlencoded", ...s.headers };
    const res = await fetch(`${api.url}/api/build_status${s.query ?? ""}`, { method: "POST", headers, body });
    expect(res.status).toBe(200);
  });

  it.each([
    ["missing", { token: "" }, /missing API token/],
    ["wrong", { token: "nope" }, /wrong API token/],
    ["wrong, same length", { token: TOKEN.replace(/.$/, "X") }, /wrong API token/],
  ])("answers 401 when the token is %s", async (_case, over, message) => {
    const res = await postForm(`${api.url}/api/build_status`, build({ name: "unauthorised", ...over }));
    expect(res.status).toBe(401);
    expect((await errorOf(res)).error).toMatch(message);
    expect(await api.store.board.findProject("unauthorised")).toBeUndefined();
  });

  it("refuses every call when API_TOKEN is not configured", async () => {
    const open = await startBoardApi({ env: { API_TOKEN: "" } });
    try {
      const res = await postForm(`${open.url}/api/build_status`, build({ token: "" }));
      expect(res.status).toBe(401);
      expect((await errorOf(res)).error).toMatch(/API_TOKEN or API_TOKENS must be configured/);
    } finally {
      await open.close();
    }
  });

  it.each([
    ["name", { name: "" }],
    ["name", { name: "x".repeat(101) }],
    ["name", { name: "bad\u0007name" }],
    ["repository", { repository: "" }],
    ["revision", { revision: "abc123" }],
    ["revision", { revision: "g".repeat(40) }],
    ["status", { status: "passed" }],
    ["status_url", { status_url: "javascript:alert(1)" }],
    ["status_url", { status_url: "not a url" }],
  ])("answers 422 naming the field %s", async (field, over) => {
    const res = await postForm(`${api.url}/api/build_status`, build(over));
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: expect.stringContaining(field), field });
  });

  it("answers 400 for malformed JSON, 413 for a huge body, 415 for other bodies", async () => {
    const url = `${api.url}/api/build_status`;
    const bad = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: "{name:" });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).error).toMatch(/malformed JSON/);
    const huge = await postForm(url, build({ name: "x".repeat(1_100_000) }));
    expect(huge.status).toBe(413);
    const xml = await fetch(url, { method: "POST", headers: { "content-type": "text/xml" }, body: "<a/>" });
    expect(xml.status).toBe(415);
    const get = await fetch(url);
    expect(get.status).toBe(405);
  });

  it("stores hostile names as text, verbatim", async () => {
    const name = `<script>alert("x")</script> & 'q'`;
    const res = await postForm(`${api.url}/api/build_status`, build({ name, repository: "git@example.com:user/hostile.git" }));
    expect(res.status).toBe(200);
    expect((await buildsOf("git@example.com:user/hostile.git"))[0]!.builds[0]!.name).toBe(name);
  });
});

describe("build locks", () => {
  const lock = (path: string, revision: string) =>
    postForm(`${api.url}/api/build/${path}`, { token: TOKEN, repository: "repository-url", name: "foo_tests", revision });

  it("runs joakimk's lock sequence", async () => {
    const held = { build_locked_by: "old_revision", locked_by_revision: "old_revision" };
    expect(await (await lock("lock", "old_revision")).json()).toEqual(held);
    expect(await (await lock("lock", "new_revision")).json()).toEqual(held);
    const foreign = await lock("unlock", "new_revision");
    expect(foreign.status).toBe(200);
    expect(await foreign.json()).toEqual(held);
    const unlocked = await lock("unlock", "old_revision");
    expect(unlocked.status).toBe(200);
    expect(await unlocked.json()).toEqual({ build_locked_by: null, locked_by_revision: null });
    expect(await (await lock("lock", "new_revision")).json()).toEqual({ build_locked_by: "new_revision", locked_by_revision: "new_revision" });
  });

  it("answers 422 without a name and 401 without a token", async () => {
    const noName = await postForm(`${api.url}/api/build/lock`, { token: TOKEN, repository: "r", revision: "a" });
    expect(noName.status).toBe(422);
    expect((await errorOf(noName)).field).toBe("name");
    expect((await postForm(`${api.url}/api/build/lock`, { repository: "r", name: "n", revision: "a" })).status).toBe(401);
  });
});

describe("DELETE /api/projects/:name", () => {
  it("removes the project and its builds with 200 ok, tells dashboards, and 404s an unknown name", async () => {
    await postForm(`${api.url}/api/build_status`, build({ repository: "git@example.com:user/doomed.git" }));
    const changes: unknown[] = [];
    const off = api.store.boardFeed.subscribe((c) => changes.push(c));
    const res = await fetch(`${api.url}/api/projects/doomed?token=${TOKEN}`, { method: "DELETE" });
    off();
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("ok");
    expect(changes).toEqual([{ projectName: "doomed", removed: true }]);
    expect(await api.store.board.findProject("doomed")).toBeUndefined();
    const again = await fetch(`${api.url}/api/projects/doomed?token=${TOKEN}`, { method: "DELETE" });
    expect(again.status).toBe(404);
    expect((await fetch(`${api.url}/api/projects/foo?token=wrong`, { method: "DELETE" })).status).toBe(401);
    expect(await api.store.board.findProject("foo")).toBeDefined();
  });
});
