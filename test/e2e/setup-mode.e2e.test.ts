/**
 * `npm start` on a fresh machine, before the GitHub App is registered: the setup page, driven in
 * Chromium as a new user would. The manifest the form posts must be what GitHub accepts (valid
 * JSON carrying app.yml's fields); GitHub's answer must end in `.env` and a running app. A local
 * stand-in for GitHub records every request, so setup mode is seen to call nothing on its own.
 * The page writes `.env` for anyone who completes it, so without HOST it listens on 127.0.0.1 only.
 */
import { generateKeyPairSync } from "node:crypto";
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseEnv } from "node:util";
import type { Browser } from "playwright-core";
import { parse } from "yaml";
import { launchChromium } from "../support/browser.js";
import { chromiumProblem, describeNeeding } from "../support/preconditions.js";
import { buildApp, root, startApp, waitFor, type RunningApp } from "./start-process.js";

const PEM = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } }).privateKey;
const REGISTERED = { id: 4242, pem: PEM, webhook_secret: "whsec-from-github", client_id: "Iv1.abc", client_secret: "cs-from-github" };

/** What GitHub sees of the registration: the app's own requests (not the browser's), and the manifest form's body. */
class GitHubStandIn {
  readonly requestsFromApp: string[] = [];
  readonly forms: string[] = [];
  private server: Server = createServer((req, res) => void this.answer(req, res.writeHead.bind(res), (body) => res.end(body)));
  host = "";

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.host = `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async answer(req: IncomingMessage, head: (status: number, headers: Record<string, string>) => void, end: (body: string) => void) {
    let body = "";
    for await (const chunk of req) body += chunk;
    if (!req.headers["user-agent"]?.includes("Mozilla")) this.requestsFromApp.push(`${req.method} ${req.url}`);
    if (req.url === "/settings/apps/new") {
      this.forms.push(body);
      head(200, { "content-type": "text/html" });
      return end("<p>Create GitHub App</p>");
    }
    if (req.method === "POST" && req.url === "/api/v3/app-manifests/the-code/conversions") {
      head(201, { "content-type": "application/json" });
      return end(JSON.stringify({ ...REGISTERED, html_url: `http://${this.host}/apps/signalbox` }));
    }
    head(404, { "content-type": "application/json" });
    end(JSON.stringify({ message: "Not Found" }));
  }
}

describeNeeding(chromiumProblem(), "npm start without credentials", () => {
  const github = new GitHubStandIn();
  const workDir = mkdtempSync(join(tmpdir(), "signalbox-setup-"));
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    buildApp();
    await github.start();
    // The working directory holds app.yml, as the project root does for `npm start`, and
    // receives `.env`.
    copyFileSync(join(root, "app.yml"), join(workDir, "app.yml"));
    // HOST as .env.example leaves it: empty.
    const env = { APP_ID: "", PRIVATE_KEY: "", WEBHOOK_SECRET: "", HOST: "", NO_SMEE_SETUP: "true", GHE_HOST: github.host, GHE_PROTOCOL: "http" };
    app = await startApp(env, { cwd: workDir, readyPath: "/probot" });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop("SIGKILL");
    await github.stop();
  });

  it("listens on 127.0.0.1 only when HOST is not set", async () => {
    const port = Number(new URL(app.url).port);
    expect(app.output()).toContain(`open http://127.0.0.1:${port}/probot`);
    expect(listeningAddresses(port)).toEqual(["127.0.0.1"]);
  });

  it("posts a manifest GitHub accepts, carrying app.yml's fields, and calls nothing before", async () => {
    const page = await browser.newPage();
    await page.goto(app.url);
    expect(new URL(page.url()).pathname).toBe("/probot");
    expect(github.requestsFromApp).toEqual([]);

    await page.getByRole("button", { name: "Register GitHub App" }).click();
    await waitFor(() => github.forms.length === 1, 5000);
    const manifest = JSON.parse(new URLSearchParams(github.forms[0]).get("manifest") ?? "");
    const appYml = parse(readFileSync(join(root, "app.yml"), "utf8"));
    expect(manifest).toMatchObject({
      name: appYml.name,
      url: appYml.url,
      description: appYml.description,
      public: appYml.public,
      default_permissions: appYml.default_permissions,
      default_events: appYml.default_events,
      hook_attributes: { url: `${app.url}/api/github/webhooks` },
      redirect_url: `${app.url}/probot/setup`,
    });
    expect(appYml.description).toContain("'");
    expect(github.requestsFromApp).toEqual([]);
    expect(app.output()).not.toMatch(/smee/i);
  });

  it("says what to do when the code is malformed or GitHub refuses it, and writes nothing", async () => {
    const malformed = await fetch(`${app.url}/probot/setup?code=%3Cscript%3E`, { redirect: "manual" });
    expect(malformed.status).toBe(400);
    expect(await malformed.text()).toContain("start again from /probot");
    const expired = await fetch(`${app.url}/probot/setup?code=expired`, { redirect: "manual" });
    expect(expired.status).toBe(502);
    expect(await expired.text()).toMatch(/GitHub answered 404 .*expire/);
    expect(existsSync(join(workDir, ".env"))).toBe(false);
  });

  it("trades GitHub's code for credentials in .env, sends the user on to install, and starts", async () => {
    const back = await fetch(`${app.url}/probot/setup?code=the-code`, { redirect: "manual" });
    expect(back.status).toBe(302);
    expect(back.headers.get("location")).toBe(`http://${github.host}/apps/signalbox/installations/new`);

    const written = parseEnv(readFileSync(join(workDir, ".env"), "utf8"));
    expect(written).toMatchObject({ APP_ID: "4242", PRIVATE_KEY: PEM, WEBHOOK_SECRET: "whsec-from-github" });
    // The app itself now answers where the setup page did.
    await waitFor(async () => (await fetch(`${app.url}/readyz`).catch(() => null))?.status === 200, 20_000, app.output);
    expect((await fetch(app.url, { redirect: "manual" })).headers.get("location")).not.toBe("/probot");
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
