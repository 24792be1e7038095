/** WEB_PASSWORD: a login form, an HMAC-signed session cookie, and nothing public but the form. */
import { createSessionSigner, deriveSessionKey, SESSION_TTL_MS } from "../../src/web/auth-session.js";
import { safeNext } from "../../src/web/auth-login.js";
import { harness, NOW, routesOf, SESSION_SECRET, type Harness } from "./board-fixtures.js";
import { serveDashboard, type TestServer } from "./serve-dashboard.js";

const PASSWORD = "s3cret pass";
let h: Harness;
let server: TestServer;
beforeEach(async () => {
  h = harness({ webPassword: PASSWORD });
  server = await serveDashboard(routesOf(h));
});
afterEach(() => server.close());

const get = (path: string, cookie?: string) => fetch(server.url + path, { redirect: "manual", headers: cookie ? { cookie } : {} });
/** The login form's CSRF token and the cookie it must match, as a browser holds them. */
async function csrf(): Promise<{ token: string; cookie: string }> {
  const form = await get("/login");
  const token = /name="csrf" value="([0-9a-f]+)"/.exec(await form.text())?.[1] ?? "";
  return { token, cookie: (form.headers.get("set-cookie") ?? "").split(";")[0] ?? "" };
}
const post = async (path: string, fields: Record<string, string>) => {
  const { token, cookie } = await csrf();
  return fetch(`${server.url}${path}`, { method: "POST", redirect: "manual", headers: { cookie }, body: new URLSearchParams({ ...fields, csrf: token }) });
};
const login = (password: string, next = "/projects/beta") => post("/login", { password, next });
const cookieOf = (res: Response) => (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";

it.each([
  ["/", 303],
  ["/projects/beta", 303],
  ["/?fragment=board", 401],
  ["/projects/beta?fragment=project", 401],
  ["/events", 401],
])("refuses %s without a session (%i)", async (path, status) => {
  const res = await get(path);
  expect(res.status).toBe(status);
  if (status === 303) expect(res.headers.get("location")).toMatch(/^\/login\?next=/);
});

it("serves the login form and the assets without a session, and does not warn", async () => {
  const form = await get("/login");
  expect(form.status).toBe(200);
  expect(await form.text()).toContain(`name="password"`);
  expect((await get("/dashboard.css")).status).toBe(200);
  expect(h.warnings).toEqual([]);
});

it("answers a wrong password with the form again and 401", async () => {
  const res = await login("wrong");
  expect(res.status).toBe(401);
  expect(res.headers.get("set-cookie")).toBeNull();
  expect(await res.text()).toContain("Wrong password.");
});

it("signs in with an HttpOnly, SameSite=Lax session that holds no password", async () => {
  const res = await login(PASSWORD);
  expect(res.status).toBe(303);
  expect(res.headers.get("location")).toBe("/projects/beta");
  const setCookie = res.headers.get("set-cookie") ?? "";
  expect(setCookie).toMatch(/HttpOnly/);
  expect(setCookie).toMatch(/SameSite=Lax/);
  expect(setCookie).not.toContain(encodeURIComponent(PASSWORD));
  expect(setCookie).not.toContain("s3cret");
  const cookie = cookieOf(res);
  expect((await get("/", cookie)).status).toBe(200);
  expect(await (await get("/", cookie)).text()).toContain(`action="/logout"`);
});

it("refuses tampered and expired sessions", async () => {
  const cookie = cookieOf(await login(PASSWORD));
  const tampered = cookie.replace(/v2\.(\d+)/, (_, ms: string) => `v2.${Number(ms) + 1}`);
  expect(tampered).not.toBe(cookie);
  expect((await get("/", tampered)).status).toBe(303);
  const signer = createSessionSigner(await deriveSessionKey(PASSWORD, SESSION_SECRET));
  expect((await get("/", `signalbox_session=${signer.issue(NOW)}`)).status).toBe(200);
  const expired = signer.issue(new Date(NOW.getTime() - SESSION_TTL_MS - 1));
  expect((await get("/", `signalbox_session=${expired}`)).status).toBe(303);
  const otherPassword = createSessionSigner(await deriveSessionKey("other", SESSION_SECRET)).issue(NOW);
  expect((await get("/", `signalbox_session=${otherPassword}`)).status).toBe(303);
});

it("signs out by clearing the cookie", async () => {
  const res = await post("/logout", {});
  expect(res.status).toBe(303);
  expect(res.headers.get("set-cookie")).toMatch(/signalbox_session=;.*Max-Age=0/);
});

it.each([
  ["no token at all", {}, undefined],
  ["a token without its cookie", { csrf: "a".repeat(32) }, undefined],
  ["a token that does not match its cookie", { csrf: "a".repeat(32) }, `signalbox_csrf=${"b".repeat(32)}`],
])("refuses a sign-in with %s (CSRF)", async (_label, extra, cookie) => {
  const res = await fetch(`${server.url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: cookie ? { cookie } : {},
    body: new URLSearchParams({ password: PASSWORD, next: "/", ...extra }),
  });
  expect(res.status).toBe(403);
  expect(res.headers.get("set-cookie") ?? "").not.toContain("signalbox_session=v1");
});

it.each([
  ["/projects/x", "/projects/x"],
  ["//evil.example", "/"],
  ["https://evil.example", "/"],
  ["/\\evil.example", "/"],
  ["/\t/evil.example", "/"],
  ["/\n/evil.example", "/"],
  ["/\r\n//evil.example", "/"],
  ["/ /evil.example", "/"],
  ["/.//evil.example", "/"],
  ["/%2F/evil.example", "/%2F/evil.example"],
  ["/projects/a?revisions=5#top", "/projects/a?revisions=5#top"],
  [null, "/"],
])("only follows same-site next=%p", (next, target) => {
  expect(safeNext(next)).toBe(target);
});

it.each(["/%09/evil.example", "/%0a/evil.example", "/%5C/evil.example", "/.//evil.example"])("never redirects off-site for next=%s, on the form or after signing in", async (raw) => {
  const signedIn = cookieOf(await login(PASSWORD));
  const again = await get(`/login?next=${raw}`, signedIn);
  expect(again.status).toBe(303);
  expect(again.headers.get("location")).toBe("/");
  const decoded = new URLSearchParams(`next=${raw}`).get("next")!;
  const res = await login(PASSWORD, decoded);
  expect(res.headers.get("location")).toBe("/");
  const form = await (await get(`/login?next=${raw}`)).text();
  expect(form).toContain(`name="next" value="/"`);
});
