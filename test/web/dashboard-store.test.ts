/** The dashboard over the real board store and feed (SQLite; PostgreSQL too with TEST_DATABASE_URL). */
import { storeEngines } from "../store/engines.js";
import type { Store } from "../../src/store/store.js";
import { dashboardRoutes } from "../../src/web/dashboard.js";
import { serveDashboard, type TestServer } from "./serve-dashboard.js";

const lanes = await storeEngines("dashboard");
const at = (minutes: number) => new Date(Date.UTC(2024, 0, 1, 12, minutes));
const sha = (c: string) => c.repeat(40);

describe.each(lanes)("dashboard on $engine", (lane) => {
  let store: Store;
  let server: TestServer;
  beforeAll(async () => {
    store = await lane.open();
    const routes = dashboardRoutes({
      board: store.board,
      feed: store.boardFeed,
      settings: { webPassword: undefined, buildTimeoutMinutes: 60 },
      now: () => at(90),
      log: { warn: () => undefined, error: () => undefined },
      sessionSecret: async () => "unused: the dashboard is public",
      visibility: async () => "not-github",
    });
    server = await serveDashboard(routes);
  });
  afterAll(async () => {
    await server.close();
    await lane.cleanup();
  });

  it("renders reported builds with the display rules and streams the feed's changes", async () => {
    const repository = "git@github.com:org/shop.git";
    await store.board.reportBuild({ repository, revision: sha("a"), name: "unit", status: "failed", statusUrl: "https://ci/1" }, at(0));
    await store.board.reportBuild({ repository, revision: sha("b"), name: "unit", status: "successful", statusUrl: "https://ci/2" }, at(10));
    await store.board.reportBuild({ repository, revision: sha("b"), name: "deploy", status: "building", statusUrl: null }, at(20));
    const html = await (await fetch(`${server.url}/`)).text();
    expect([...html.matchAll(/data-status="(\w+)"/g)].map((m) => m[1])).toEqual(["successful", "pending", "fixed"]);
    const events = await fetch(`${server.url}/events`);
    const reader = events.body!.getReader();
    await reader.read();
    await store.boardFeed.publish({ projectName: "shop", removed: false });
    let text = "";
    while (!text.includes("event: change")) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toContain(`"projectName":"shop"`);
    await reader.cancel();
  });
});
