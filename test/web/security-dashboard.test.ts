/**
 * The dashboard against hostile data and hostile browsers: every HTML answer carries the
 * Content-Security-Policy, every user string is escaped (build, project, repository and release
 * names), every state-changing form carries a CSRF token that the POST checks, and the session
 * cookie is HttpOnly and SameSite (and Secure behind https).
 */
import type { Release } from "../../src/core/board/index.js";
import { harness, NOW, routesOf, sha, build, type Harness } from "./board-fixtures.js";
import { serveDashboard, type TestServer } from "./serve-dashboard.js";

const PASSWORD = "dashboard pass";
const SCRIPT = `<script>alert("x")</script>`;
const ATTRIBUTE = `" onmouseover="alert(1)`;
const BRANCH = `feature/<svg onload=alert(1)>`;
const TAG = `release-<img src=x onerror=alert(2)>`;
const HOSTILE = [SCRIPT, ATTRIBUTE, BRANCH, TAG, "<svg onload", "<img src=x"];

let h: Harness;
let server: TestServer;
let project: string;

beforeEach(async () => {
  const releases = async (): Promise<Release[]> => [
    { tag: TAG, sha: sha(300), createdAt: NOW, commits: 3 },
    { tag: "release-2024.01.01-1", sha: sha(301), createdAt: NOW, commits: 2 },
  ];
  h = harness({ webPassword: PASSWORD, releases });
  const p = h.board.addProject({ name: `${SCRIPT}${ATTRIBUTE}`, repository: `git@github.com:org/${BRANCH}.git` });
  h.board.addRevision(p, sha(300), [build(SCRIPT, "failed", `https://ci.example/${ATTRIBUTE}`), build(BRANCH, "successful", "javascript:alert(3)")], NOW);
  project = p.name;
  server = await serveDashboard(routesOf(h));
});
afterEach(() => server.close());

const get = (path: string, headers: Record<string, string> = {}) => fetch(server.url + path, { redirect: "manual", headers });
const cookieOf = (res: Response, name: string) => res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
const pair = (cookie: string | undefined) => cookie?.split(";")[0] ?? "";

/** Signs in as a browser would: the form, its CSRF cookie and token, then the POST. */
async function signIn(headers: Record<string, string> = {}): Promise<{ session: string; csrf: string; raw: string }> {
  const form = await get("/login");
  const csrf = pair(cookieOf(form, "signalbox_csrf"));
  const token = /name="csrf" value="([0-9a-f]+)"/.exec(await form.text())![1]!;
  const res = await fetch(`${server.url}/login`, { method: "POST", redirect: "manual", headers: { cookie: csrf, ...headers }, body: new URLSearchParams({ password: PASSWORD, next: "/", csrf: token }) });
  expect(res.status).toBe(303);
  const raw = cookieOf(res, "signalbox_session")!;
  return { session: pair(raw), csrf, raw };
}

describe("every HTML page", () => {
  const pages = () => ["/", "/?fragment=board", `/projects/${encodeURIComponent(project)}`, `/projects/${encodeURIComponent(project)}?fragment=project`, "/projects/nope"];

  it("carries a strict Content-Security-Policy and nosniff, signed in or not", async () => {
    const { session, csrf } = await signIn();
    const answers = [await get("/login"), ...(await Promise.all(pages().map((path) => get(path, { cookie: `${session}; ${csrf}` }))))];
    for (const res of answers) {
      const policy = res.headers.get("content-security-policy") ?? "";
      expect(policy).toContain("default-src 'none'");
      expect(policy).toContain("script-src 'self'");
      expect(policy).toContain("frame-ancestors 'none'");
      expect(policy).not.toContain("unsafe-inline");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    }
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 404]);
  });

  it("escapes hostile project, repository, build, branch and release names, and drops unsafe links", async () => {
    const { session, csrf } = await signIn();
    for (const path of pages().slice(0, 4)) {
      const html = await (await get(path, { cookie: `${session}; ${csrf}` })).text();
      for (const hostile of HOSTILE) expect(html).not.toContain(hostile);
      expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
      expect(eventHandlers(html)).toEqual([]);
      expect(html).not.toContain("javascript:");
      expect(html).not.toMatch(/<script(?![^>]*\ssrc=)/); // scripts are files only, as the CSP requires
    }
    const page = await (await get(`/projects/${encodeURIComponent(project)}`, { cookie: `${session}; ${csrf}` })).text();
    // A tag outside the train's scheme is no release: it is not charted at all, escaped or not.
    expect(page).toContain("release-2024.01.01-1");
    expect(page).not.toContain("onerror=alert(2)");
  });
});

describe("forms and cookies", () => {
  it("puts a CSRF token matching the cookie in every state-changing form", async () => {
    const { session, csrf } = await signIn();
    const html = [await (await get("/", { cookie: `${session}; ${csrf}` })).text(), await (await get("/login", { cookie: csrf })).text()].join("");
    const forms = [...html.matchAll(/<form[^>]*method="post"[^>]*>([\s\S]*?)<\/form>/g)];
    expect(forms.length).toBe(2); // sign out, sign in
    for (const form of forms) expect(form[1]).toContain(`name="csrf" value="${csrf.split("=")[1]}"`);
  });

  it.each<[string, (csrf: string) => { cookie: string; token: string }]>([
    ["no token", (csrf) => ({ cookie: csrf, token: "" })],
    ["a token but no CSRF cookie (a cross-site form)", (csrf) => ({ cookie: "", token: csrf.split("=")[1]! })],
    ["a token from another browser", (csrf) => ({ cookie: csrf, token: "0".repeat(32) })],
  ])("refuses sign-out with %s, and the session stays valid", async (_name, forge) => {
    const { session, csrf } = await signIn();
    const { cookie, token } = forge(csrf);
    const res = await fetch(`${server.url}/logout`, { method: "POST", redirect: "manual", headers: { cookie: [session, cookie].filter(Boolean).join("; ") }, body: new URLSearchParams({ csrf: token }) });
    expect(res.status).toBe(403);
    expect(cookieOf(res, "signalbox_session")).toBeUndefined();
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect((await get("/", { cookie: session })).status).toBe(200);
  });

  it("refuses a sign-in without a valid CSRF token even with the right password", async () => {
    const res = await fetch(`${server.url}/login`, { method: "POST", redirect: "manual", body: new URLSearchParams({ password: PASSWORD, csrf: "f".repeat(32) }) });
    expect(res.status).toBe(403);
    expect(cookieOf(res, "signalbox_session")).toBeUndefined();
  });

  it("sets HttpOnly, SameSite cookies; the session is Secure behind https and not over plain http", async () => {
    const plain = await signIn();
    expect(plain.raw).toMatch(/; HttpOnly/);
    expect(plain.raw).toMatch(/; SameSite=Lax/);
    expect(plain.raw).not.toMatch(/; Secure/);
    const proxied = await signIn({ "x-forwarded-proto": "https" });
    expect(proxied.raw).toMatch(/; Secure(;|$)/);
    expect(proxied.raw).toMatch(/; HttpOnly; SameSite=Lax/);
    const form = await get("/login");
    expect(cookieOf(form, "signalbox_csrf")).toMatch(/; HttpOnly; SameSite=Strict/);
    expect(plain.raw).not.toContain(PASSWORD);
  });
});

/** Event-handler attributes of real tags (quoted values, which are escaped text, are skipped). */
function eventHandlers(html: string): string[] {
  const tags = html.match(/<[a-z][^>]*>/gi) ?? [];
  return tags.map((tag) => tag.replace(/"[^"]*"/g, '""')).filter((tag) => /\son[a-z]+\s*=/i.test(tag));
}
