/**
 * `npm start` on a fresh machine, before the GitHub App is registered: Probot's setup page. It
 * writes `.env` for anyone who reaches it, so without HOST it listens on 127.0.0.1 only.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildApp, root, startApp, type RunningApp } from "./start-process.js";

describe("npm start without credentials", () => {
  let app: RunningApp;

  beforeAll(async () => {
    buildApp();
    const dataDir = mkdtempSync(join(tmpdir(), "signalbox-setup-"));
    // From the project root, as `npm start` runs, so the setup page reads app.yml.
    // HOST as .env.example leaves it: empty.
    app = await startApp({ APP_ID: "", PRIVATE_KEY: "", HOST: "" }, { dataDir, cwd: root, readyPath: "/probot" });
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

  it("listens on 127.0.0.1 only when HOST is not set", async () => {
    const port = Number(new URL(app.url).port);
    expect(app.output()).toContain(`Listening on http://127.0.0.1:${port}`);
    expect(listeningAddresses(port)).toEqual(["127.0.0.1"]);
  });
});

/** The IPv4 and IPv6 addresses a TCP socket listens on at `port` (Linux /proc/net). */
function listeningAddresses(port: number): string[] {
  const portHex = port.toString(16).toUpperCase().padStart(4, "0");
  const rows = (file: string) => readFileSync(file, "utf8").split("\n").slice(1).map((line) => line.trim().split(/\s+/));
  const v4 = rows("/proc/net/tcp").filter((r) => r[1]?.endsWith(`:${portHex}`) && r[3] === "0A").map((r) => r[1]!.split(":")[0]!.match(/../g)!.reverse().map((h) => parseInt(h, 16)).join("."));
  const v6 = rows("/proc/net/tcp6").filter((r) => r[1]?.endsWith(`:${portHex}`) && r[3] === "0A").map((r) => `ipv6:${r[1]!.split(":")[0]}`);
  return [...v4, ...v6];
}
