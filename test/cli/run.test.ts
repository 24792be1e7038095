/** runCli end to end against a local HTTP server: what goes over the wire, exit codes, output. */
import { runCli } from "../../src/cli/run.js";
import { capture, startFakeBoard, type Answer, type FakeBoard, type RecordedRequest } from "./fake-board.js";

const SHA = "1a2b3c4d".repeat(5);
const OTHER = "9f8e7d6c".repeat(5);
const TOKEN = "s3cret-token";

let board: FakeBoard | undefined;
afterEach(async () => {
  await board?.close();
  board = undefined;
});

const githubEnv = (url: string) => ({
  SIGNALBOX_URL: url,
  SIGNALBOX_TOKEN: TOKEN,
  GITHUB_ACTIONS: "true",
  GITHUB_SHA: SHA,
  GITHUB_SERVER_URL: "https://github.com",
  GITHUB_REPOSITORY: "org/repo",
  GITHUB_RUN_ID: "42",
  GITHUB_EVENT_NAME: "push",
});

/** Starts a board answering from `answer`, runs the CLI against it with GitHub Actions variables. */
async function run(argv: string[], answer?: (request: RecordedRequest, index: number) => Answer, env: Record<string, string> = {}) {
  board = await startFakeBoard(answer);
  const stdout = capture();
  const stderr = capture();
  const sleeps: number[] = [];
  const sleep = async (ms: number) => void sleeps.push(ms);
  const code = await runCli(argv, { ...githubEnv(board.url), ...env }, { stdout, stderr, sleep });
  return { code, stdout: stdout.text, stderr: stderr.text, requests: board.requests, sleeps };
}

const lockAnswer = (holder: string | null): Answer => ({ status: 200, body: { build_locked_by: holder, locked_by_revision: holder } });

describe("signalbox report", () => {
  it("POSTs the build as JSON with a bearer token, never the token in the URL", async () => {
    const r = await run(["report", "--name", "unit", "--status", "building"]);
    expect(r).toMatchObject({ code: 0, stdout: "reported unit=building for 1a2b3c4d on org/repo\n", stderr: "" });
    expect(r.requests).toHaveLength(1);
    const [request] = r.requests;
    expect(request).toMatchObject({ method: "POST", url: "/api/build_status" });
    expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(request?.url).not.toContain(TOKEN);
    expect(request?.body).toEqual({
      name: "unit",
      repository: "https://github.com/org/repo",
      revision: SHA,
      status: "building",
      status_url: "https://github.com/org/repo/actions/runs/42",
    });
  });

  it("lets flags override the CI's values, keeps the server's base path, falls back to API_TOKEN", async () => {
    board = await startFakeBoard();
    const stdout = capture();
    const env = { ...githubEnv(`${board.url}/board/`), SIGNALBOX_TOKEN: "", API_TOKEN: TOKEN };
    const code = await runCli(["report", "-n", "e2e", "-s", "failed", "--url", "https://ci/7", "--revision", OTHER], env, { stdout, stderr: capture() });
    expect(code).toBe(0);
    expect(board.requests[0]).toMatchObject({ url: "/board/api/build_status", body: { revision: OTHER, status: "failed", status_url: "https://ci/7" } });
    expect(board.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(stdout.text).toBe("reported e2e=failed for 9f8e7d6c on org/repo\n");
  });

  it("401: one line naming the token, exit 1, no retry", async () => {
    const r = await run(["report", "-n", "unit", "-s", "successful"], () => ({ status: 401, body: { error: "bad token" } }));
    expect(r).toMatchObject({ code: 1, stdout: "", stderr: "signalbox: 401 Unauthorized — check SIGNALBOX_TOKEN\n" });
    expect(r.requests).toHaveLength(1);
  });

  it("422: the server's error and field, exit 1, no retry", async () => {
    const r = await run(["report", "-n", "unit", "-s", "successful"], () => ({ status: 422, body: { error: "must be a URL", field: "status_url" } }));
    expect(r).toMatchObject({ code: 1, stderr: "signalbox: 422 Unprocessable Entity: must be a URL (field: status_url)\n" });
    expect(r.requests).toHaveLength(1);
  });

  it("500 then 200: retries after a backoff and succeeds", async () => {
    const r = await run(["report", "-n", "unit", "-s", "building"], (_req, i) => (i === 0 ? { status: 500, body: { error: "db down" } } : { status: 200, body: {} }));
    expect(r.code).toBe(0);
    expect(r.requests).toHaveLength(2);
    expect(r.requests[1]?.body).toEqual(r.requests[0]?.body);
    expect(r.sleeps).toEqual([1000]);
    expect(r.stderr).toBe("signalbox: 500 Internal Server Error: db down; retrying in 1s (attempt 2 of 4)\n");
    expect(r.stdout).toBe("reported unit=building for 1a2b3c4d on org/repo\n");
  });

  it("persistent 503: backs off 1s, 2s, 4s, then fails with exit 1", async () => {
    const r = await run(["report", "-n", "unit", "-s", "building"], () => ({ status: 503 }));
    expect(r.code).toBe(1);
    expect(r.requests).toHaveLength(4);
    expect(r.sleeps).toEqual([1000, 2000, 4000]);
    expect(r.stderr.trim().split("\n").at(-1)).toBe("signalbox: 503 Service Unavailable (gave up after 4 attempts)");
  });

  it("an unreachable server: retried, then one line, exit 1", async () => {
    const closed = await startFakeBoard();
    await closed.close();
    const stderr = capture();
    const sleeps: number[] = [];
    const code = await runCli(["report", "-n", "unit", "-s", "building"], githubEnv(closed.url), {
      stdout: capture(), stderr, sleep: async (ms) => void sleeps.push(ms),
    });
    expect(code).toBe(1);
    expect(sleeps).toHaveLength(3);
    expect(stderr.text.trim().split("\n").at(-1)).toBe(`signalbox: cannot reach ${closed.url}/api/build_status: ECONNREFUSED (gave up after 4 attempts)`);
  });

  it.each<[string, string[], Record<string, string>, RegExp]>([
    ["bad status", ["report", "-n", "unit", "-s", "green"], {}, /^signalbox: bad --status "green": use building, successful or failed \(see "signalbox report --help"\)\n$/],
    ["missing name", ["report", "-s", "building"], {}, /^signalbox: --name is required/],
    ["no revision anywhere", ["report", "-n", "unit", "-s", "building"], { GITHUB_ACTIONS: "", GITHUB_SHA: "" }, /^signalbox: no revision found: .*GITHUB_SHA.*GIT_COMMIT \(Jenkins\)\n$/],
    ["no token", ["unlock", "-n", "deploy"], { SIGNALBOX_TOKEN: "" }, /^signalbox: no token/],
  ])("usage error (%s): exit 2, nothing sent", async (_label, argv, env, message) => {
    const r = await run(argv, undefined, env);
    expect(r).toMatchObject({ code: 2, stdout: "" });
    expect(r.stderr).toMatch(message);
    expect(r.requests).toHaveLength(0);
  });

  it("--help prints usage and exits 0", async () => {
    const r = await run(["report", "--help"]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toMatch(/^Usage: signalbox report --name <build> --status building\|successful\|failed/);
  });
});

describe("signalbox lock / unlock", () => {
  const lockBody = { name: "deploy", repository: "https://github.com/org/repo", revision: SHA };

  it("waits while another revision holds the lock, then takes it", async () => {
    board = await startFakeBoard((_req, i) => lockAnswer(i < 2 ? OTHER : SHA));
    const stdout = capture();
    const stderr = capture();
    const started = Date.now();
    const code = await runCli(["lock", "--name", "deploy", "--interval", "0.05"], githubEnv(board.url), { stdout, stderr });
    expect(code).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90); // two real 50 ms waits
    expect(board.requests.map((r) => [r.method, r.url, r.body])).toEqual(Array(3).fill(["POST", "/api/build/lock", lockBody]));
    expect(stdout.text.split("\n")).toEqual([
      "waiting: deploy on org/repo is locked by 9f8e7d6c; next try in 50ms (waited 0ms of 30m)",
      "waiting: deploy on org/repo is locked by 9f8e7d6c; next try in 50ms (waited 50ms of 30m)",
      "locked deploy for 1a2b3c4d on org/repo",
      "",
    ]);
    expect(stderr.text).toBe("");
  });

  it("--no-wait: one try, exit 1 naming the holder", async () => {
    const r = await run(["lock", "-n", "deploy", "--no-wait"], () => lockAnswer(OTHER));
    expect(r).toMatchObject({ code: 1, stdout: "", stderr: "signalbox: deploy on org/repo is locked by 9f8e7d6c\n", sleeps: [] });
    expect(r.requests).toHaveLength(1);
  });

  it("--no-wait: exit 0 when the lock is free", async () => {
    const r = await run(["lock", "-n", "deploy", "--no-wait"], () => lockAnswer(SHA));
    expect(r).toMatchObject({ code: 0, stdout: "locked deploy for 1a2b3c4d on org/repo\n" });
  });

  it("gives up after --timeout with exit 1", async () => {
    const r = await run(["lock", "-n", "deploy", "--interval", "6", "--timeout", "0.5"], () => lockAnswer(OTHER));
    expect(r.code).toBe(1);
    expect(r.sleeps).toEqual([6000, 6000, 6000, 6000, 6000]);
    expect(r.requests).toHaveLength(6);
    expect(r.stderr).toBe("signalbox: gave up after 0.5m: deploy on org/repo is still locked by 9f8e7d6c\n");
  });

  it("unlock releases the lock", async () => {
    const r = await run(["unlock", "-n", "deploy"], () => lockAnswer(null));
    expect(r).toMatchObject({ code: 0, stdout: "unlocked deploy for 1a2b3c4d on org/repo\n", stderr: "" });
    expect(r.requests).toEqual([expect.objectContaining({ method: "POST", url: "/api/build/unlock", body: lockBody })]);
    expect(r.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it("unlock of a lock someone else holds changes nothing and says so", async () => {
    const r = await run(["unlock", "-n", "deploy"], () => lockAnswer(OTHER));
    expect(r).toMatchObject({ code: 0, stdout: "deploy is held by 9f8e7d6c, not 1a2b3c4d; nothing to release\n" });
  });

  it("unlock that leaves this revision holding the lock is refused", async () => {
    const r = await run(["unlock", "-n", "deploy"], () => lockAnswer(SHA));
    expect(r).toMatchObject({ code: 1, stderr: "signalbox: the server still reports deploy locked by 1a2b3c4d after unlock\n" });
  });
});
