/** `npm start` on a fresh machine, before the GitHub App is registered: Probot's setup page. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildApp, root, startApp, type RunningApp } from "./start-process.js";

describe("npm start without credentials", () => {
  let app: RunningApp;

  beforeAll(async () => {
    buildApp();
    const dataDir = mkdtempSync(join(tmpdir(), "signalbox-setup-"));
    // From the project root, as `npm start` runs, so the setup page reads app.yml.
    app = await startApp({ APP_ID: "", PRIVATE_KEY: "" }, { dataDir, cwd: root, readyPath: "/probot" });
  }, 120_000);

  afterAll(() => app?.stop("SIGKILL"));

  it("walks the user through registering the app from app.yml", async () => {
    const home = await fetch(app.url, { redirect: "manual" });
    expect(home.status).toBe(302);
    expect(home.headers.get("location")).toBe("/probot");
    const page = await (await fetch(`${app.url}/probot`)).text();
    expect(page).toContain("Setup signalbox");
    expect(page).toContain("Register GitHub App");
  });
});
