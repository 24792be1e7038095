/**
 * A public dashboard (no WEB_PASSWORD) shows no project backed by a private GitHub repository, nor
 * anything read from one: not on the board, not as a project page, not in the live event stream,
 * and its release stats are never read. Behind a password, everything is shown.
 */
import type { Release } from "../../src/core/board/index.js";
import type { Project } from "../../src/store/board-store.js";
import { decideProjectShown, type ProjectVisibility } from "../../src/web/repo-visibility.js";
import { harness, routesOf, type Harness } from "./board-fixtures.js";
import { serveDashboard, type TestServer } from "./serve-dashboard.js";

const VISIBILITY: Record<string, ProjectVisibility> = { beta: "private", alpha: "not-github", gamma: "public" };

let h: Harness;
let server: TestServer;
const releasesRead: string[] = [];

beforeEach(async () => {
  releasesRead.length = 0;
  const releases = async (project: Project): Promise<Release[]> => (releasesRead.push(project.name), []);
  h = harness({ releases, visibility: async (project) => VISIBILITY[project.name] ?? "unknown" });
  h.board.addProject({ name: "delta", repository: "git@github.com:org/delta.git" }); // not installed: visibility unknown
  server = await serveDashboard(routesOf(h));
});
afterEach(() => server.close());

const text = async (path: string) => {
  const res = await fetch(server.url + path);
  return { status: res.status, body: await res.text() };
};

it("lists only projects of public or non-GitHub repositories", async () => {
  for (const path of ["/", "/?fragment=board"]) {
    const { body } = await text(path);
    expect(body).toContain("gamma");
    expect(body).toContain("alpha");
    expect(body).not.toContain("beta");
    expect(body).not.toContain("delta");
  }
});

it("answers a private project's page like a missing one, and never reads its releases", async () => {
  expect(await text("/projects/beta")).toEqual({ status: 404, body: "No such project." });
  expect((await text("/projects/delta")).status).toBe(404);
  expect((await text("/projects/beta?fragment=project")).status).toBe(404);
  expect((await text("/projects/gamma")).status).toBe(200);
  expect(releasesRead).toEqual(["gamma"]);
});

it("streams no change of a private project", async () => {
  const controller = new AbortController();
  const res = await fetch(`${server.url}/events`, { signal: controller.signal });
  const reader = res.body!.getReader();
  await h.feed.publish({ projectName: "beta", removed: false });
  await h.feed.publish({ projectName: "gamma", removed: false });
  let seen = "";
  while (!seen.includes("gamma")) seen += new TextDecoder().decode((await reader.read()).value);
  controller.abort();
  expect(seen).not.toContain("beta");
});

it("shows everything behind a password", () => {
  expect((["public", "private", "unknown", "not-github"] as const).map((v) => decideProjectShown(v, false))).toEqual([true, true, true, true]);
  expect((["public", "private", "unknown", "not-github"] as const).map((v) => decideProjectShown(v, true))).toEqual([true, false, false, true]);
});
