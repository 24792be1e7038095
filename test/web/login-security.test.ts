/**
 * The sign-in against guessing and stolen sessions: failed sign-ins are throttled per client (each
 * answer slower, a lockout from the 5th failure in a row, the right password at once before
 * that); session keys come from the password and SESSION_SECRET, so rotating the secret signs
 * everyone out while a restart with the same secret does not.
 */
import { decideLoginAttempt, DEFAULT_THROTTLE, recordLoginFailure, type ThrottleState } from "../../src/web/login-throttle.js";
import { harness, NOW, routesOf } from "./board-fixtures.js";
import { serveDashboard, type TestServer } from "./serve-dashboard.js";

const PASSWORD = "right horse battery";
const FAST = { ...DEFAULT_THROTTLE, baseDelayMs: 60, maxDelayMs: 2000 };

let clock = NOW;
const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  clock = NOW;
});

async function dashboard(secret = "secret A"): Promise<TestServer> {
  const server = await serveDashboard(routesOf(harness({ webPassword: PASSWORD, sessionSecret: async () => secret, now: () => clock, loginThrottle: FAST })));
  servers.push(server);
  return server;
}

async function signIn(server: TestServer, password: string): Promise<{ status: number; ms: number; cookie: string; res: Response }> {
  const form = await fetch(`${server.url}/login`);
  const csrf = form.headers.getSetCookie().find((c) => c.startsWith("signalbox_csrf="))!.split(";")[0]!;
  const token = /name="csrf" value="([0-9a-f]+)"/.exec(await form.text())![1]!;
  const started = performance.now();
  const res = await fetch(`${server.url}/login`, { method: "POST", redirect: "manual", headers: { cookie: csrf }, body: new URLSearchParams({ password, next: "/", csrf: token }) });
  const ms = performance.now() - started;
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("signalbox_session="))?.split(";")[0] ?? "";
  return { status: res.status, ms, cookie, res };
}

describe("failed sign-ins", () => {
  it("answer each wrong password more slowly, and accept the right one at once after four", async () => {
    const server = await dashboard();
    const wrong = [];
    for (let i = 0; i < 4; i++) wrong.push(await signIn(server, `guess ${i}`));
    expect(wrong.map((w) => w.status)).toEqual([401, 401, 401, 401]);
    const times = wrong.map((w) => w.ms);
    expect(times[0]).toBeGreaterThanOrEqual(55);
    for (let i = 1; i < 4; i++) expect(times[i]!).toBeGreaterThan(times[i - 1]! * 1.5);
    const right = await signIn(server, PASSWORD);
    expect(right.status).toBe(303);
    expect(right.ms).toBeLessThan(times[0]!);
    // The count starts again after a success.
    expect((await signIn(server, "wrong again")).status).toBe(401);
  });

  it("lock the client out from the 5th failure in a row, the right password included, until the window ends", async () => {
    const server = await dashboard();
    for (let i = 0; i < 4; i++) expect((await signIn(server, `guess ${i}`)).status).toBe(401);
    const fifth = await signIn(server, "guess 5");
    expect(fifth.status).toBe(429);
    expect(Number(fifth.res.headers.get("retry-after"))).toBe(FAST.lockoutMs / 1000);
    expect(await fifth.res.text()).toContain("Too many wrong passwords");
    const locked = await signIn(server, PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.cookie).toBe("");
    clock = new Date(NOW.getTime() + FAST.lockoutMs + 1);
    expect((await signIn(server, PASSWORD)).status).toBe(303);
  });

  it.each<[string, ThrottleState | undefined, number, boolean, number]>([
    ["a first failure", undefined, 0, false, 250],
    ["a second failure", { failures: 1, lastFailureAt: 0, lockedUntil: 0 }, 1000, false, 500],
    ["a fourth failure", { failures: 3, lastFailureAt: 0, lockedUntil: 0 }, 1000, false, 2000],
    ["a fifth failure (locks, answers at once)", { failures: 4, lastFailureAt: 0, lockedUntil: 0 }, 1000, true, 0],
    ["a failure after an hour of quiet (starts afresh)", { failures: 4, lastFailureAt: 0, lockedUntil: 0 }, 3_600_001, false, 250],
  ])("rules: %s", (_label, state, now, locked, delayMs) => {
    const after = recordLoginFailure(state, now, DEFAULT_THROTTLE);
    expect({ locked: after.locked, delayMs: after.delayMs }).toEqual({ locked, delayMs });
    expect(decideLoginAttempt(after.state, now + 1).kind).toBe(locked ? "locked" : "check");
    expect(decideLoginAttempt(after.state, now + DEFAULT_THROTTLE.lockoutMs).kind).toBe("check");
  });
});

describe("session keys", () => {
  it("survive a restart with the same SESSION_SECRET, and rotating the secret signs everyone out", async () => {
    const first = await dashboard("secret A");
    const { cookie } = await signIn(first, PASSWORD);
    expect((await fetch(`${first.url}/`, { redirect: "manual", headers: { cookie } })).status).toBe(200);
    const restarted = await dashboard("secret A");
    expect((await fetch(`${restarted.url}/`, { redirect: "manual", headers: { cookie } })).status).toBe(200);
    const rotated = await dashboard("secret B");
    expect((await fetch(`${rotated.url}/`, { redirect: "manual", headers: { cookie } })).status).toBe(303);
  });
});
