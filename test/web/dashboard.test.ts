/** The dashboard's routes over real HTTP on 127.0.0.1. */
import { request } from "node:http";
import { harness, HOSTILE, routesOf, sha, type Harness } from "./board-fixtures.js";
import { serveDashboard, type TestServer } from "./serve-dashboard.js";

let h: Harness;
let server: TestServer;
beforeEach(async () => {
  h = harness({ heartbeatMs: 50 });
  server = await serveDashboard(routesOf(h));
});
afterEach(() => server.close());

const get = (path: string) => fetch(server.url + path, { redirect: "manual" });
const sections = (html: string) => [...html.matchAll(/<section class="project" data-project="([^"]*)"/g)].map((m) => m[1]);
const rows = (html: string) => (html.match(/class="revision"/g) ?? []).length;

it("shows projects by position, then name, with 2 revisions each, under a strict CSP", async () => {
  const res = await get("/");
  const html = await res.text();
  expect(res.status).toBe(200);
  expect(sections(html)).toEqual(["beta", "gamma", "alpha"]);
  expect(rows(html)).toBe(4);
  expect(res.headers.get("content-security-policy")).toMatch(/script-src 'self'/);
  expect(res.headers.get("content-security-policy")).not.toMatch(/unsafe-inline/);
  expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
  expect(html).not.toContain(HOSTILE);
  expect(html).not.toContain("javascript:");
  expect(html).toContain(`<span class="build pending" data-status="pending" title="deploy: pending">deploy</span>`);
  expect(html).toContain(`href="https://github.com/org/beta/commit/${sha(20)}"`);
});

it("shows 15 revisions and the stats on a project page", async () => {
  const html = await (await get("/projects/beta")).text();
  expect(rows(html)).toBe(15);
  expect(html).toContain(`data-project="beta"`);
  expect(html).toContain("Average build time");
  expect(html.match(/No releases yet/g)).toHaveLength(2);
});

it.each([
  ["/projects/beta?fragment=project&revisions=2", 200, 2],
  ["/projects/beta?fragment=project&revisions=999", 200, 20],
  ["/projects/beta?fragment=board", 200, 15],
  ["/?fragment=board", 200, 4],
  ["/projects/nope?fragment=project", 404, 0],
  ["/projects/%E0%A4%A", 404, 0],
])("GET %s answers %i with %i rows", async (path, status, count) => {
  const res = await get(path);
  const html = await res.text();
  expect(res.status).toBe(status);
  expect(rows(html)).toBe(count);
  if (path.includes("fragment") && status === 200) expect(html).not.toContain("<html");
});

it("finds projects with odd names", async () => {
  h.board.addProject({ name: HOSTILE });
  const index = await (await get("/")).text();
  expect(index).toContain(`href="/projects/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E"`);
  expect((await get("/projects/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")).status).toBe(200);
});

it.each([["/api/build_status"], ["/healthz"], ["/probot"], ["/projects/a/b"]])("leaves %s to other routes", async (path) => {
  expect((await get(path)).status).toBe(404);
  expect(await (await get(path)).text()).toBe("not found");
});

it("serves its script and stylesheet", async () => {
  const js = await get("/dashboard.js");
  expect(js.headers.get("content-type")).toMatch(/javascript/);
  expect(await js.text()).toContain("EventSource");
  expect((await get("/dashboard.css")).headers.get("content-type")).toMatch(/css/);
});

it("warns once that the dashboard is public", () => {
  expect(h.warnings).toEqual(["WEB_PASSWORD is not set: the dashboard is public; projects of private GitHub repositories are hidden"]);
});

it("streams changes and heartbeats, and unsubscribes when the client leaves", async () => {
  // A public dashboard streams changes of projects it may show (not of private repositories).
  h.board.addProject({ name: "a\nb" });
  const received: string[] = [];
  const req = request(`${server.url}/events`);
  const gotAll = new Promise<void>((resolve) => {
    req.on("response", (res) => {
      expect(res.headers["content-type"]).toMatch(/^text\/event-stream/);
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        received.push(chunk);
        const text = received.join("");
        if (text.includes("event: hello") && h.feed.subscribers === 1 && !text.includes("event: change")) void h.feed.publish({ projectName: "a\nb", removed: false });
        if (text.includes("event: change") && text.includes(": heartbeat")) resolve();
      });
    });
  });
  req.end();
  await gotAll;
  expect(received.join("")).toContain(`event: change\ndata: {"projectName":"a\\nb","removed":false}\n\n`);
  req.destroy();
  await waitFor(() => h.feed.subscribers === 0);
});

async function waitFor(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}
