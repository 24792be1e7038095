/**
 * First-run mode: until the GitHub App is registered, serve one page that registers it from
 * app.yml, take GitHub's answer (the manifest code), write the credentials to `.env`, and hand
 * over to the real app. Nothing here calls the network except the code exchange with GitHub.
 */
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { join } from "node:path";
import { buildAppManifest, formatApiBase, formatCreateAppUrl, SETUP_CALLBACK_PATH, SETUP_PATH } from "./app-manifest.js";
import { updateDotEnv } from "./dot-env.js";
import { renderSetupPage } from "./render-setup-page.js";

export interface SetupOptions {
  host: string;
  port: number;
  /** Where app.yml is read and `.env` is written. */
  cwd: string;
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
}

export interface SetupServer {
  /** Resolves once GitHub's credentials are in `.env` and in `env`. */
  registered: Promise<void>;
  close(): Promise<void>;
}

export async function startSetupServer(options: SetupOptions): Promise<SetupServer> {
  let done!: () => void;
  const registered = new Promise<void>((resolve) => (done = resolve));
  const server = createServer((req, res) => {
    handle(req, res, options, done).catch((error: unknown) => {
      options.log(`setup: ${(error as Error).message}`);
      if (!res.headersSent) send(res, 500, "text/plain", "signalbox could not finish the setup; see its log.");
    });
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(options.port, options.host, resolve));
  options.log(`signalbox is not registered with GitHub yet: open http://${displayHost(options.host)}:${options.port}${SETUP_PATH} to register it`);
  return {
    registered,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, options: SetupOptions, done: () => void): Promise<void> {
  const url = new URL(req.url ?? "/", "http://setup.invalid");
  if (req.method !== "GET") return send(res, 405, "text/plain", "Setup mode: only the setup page is served.");
  if (url.pathname === "/") return redirect(res, SETUP_PATH);
  if (url.pathname === "/healthz") return send(res, 200, "application/json", JSON.stringify({ status: "setup" }));
  if (url.pathname === SETUP_PATH) return servePage(req, res, options);
  if (url.pathname === SETUP_CALLBACK_PATH) return exchangeCode(url.searchParams.get("code"), res, options, done);
  send(res, 404, "text/plain", `Setup mode: open ${SETUP_PATH} to register the GitHub App.`);
}

function servePage(req: IncomingMessage, res: ServerResponse, options: SetupOptions): void {
  const appYml = readFileSync(join(options.cwd, "app.yml"), "utf8");
  const manifest = buildAppManifest(appYml, baseUrlOf(req), options.env.WEBHOOK_PROXY_URL);
  send(res, 200, "text/html; charset=utf-8", renderSetupPage(manifest, formatCreateAppUrl(options.env)));
}

/** GitHub sends the user back with a one-hour code; trading it in returns the app's credentials. */
async function exchangeCode(code: string | null, res: ServerResponse, options: SetupOptions, done: () => void): Promise<void> {
  if (!code || !/^[\w-]{1,200}$/.test(code)) return send(res, 400, "text/plain", "The registration code from GitHub is missing or malformed: start again from /probot.");
  const answer = await fetch(`${formatApiBase(options.env)}/app-manifests/${code}/conversions`, {
    method: "POST",
    headers: { accept: "application/vnd.github+json", "user-agent": "signalbox-setup" },
  });
  if (answer.status !== 201) {
    options.log(`setup: GitHub answered ${answer.status} to the registration code`);
    return send(res, 502, "text/plain", `GitHub answered ${answer.status} to the registration code (codes expire after an hour): start again from /probot.`);
  }
  const app = (await answer.json()) as { id: number; pem: string; webhook_secret: string; client_id: string; client_secret: string; html_url: string };
  const credentials = { APP_ID: String(app.id), PRIVATE_KEY: app.pem, WEBHOOK_SECRET: app.webhook_secret, GITHUB_CLIENT_ID: app.client_id, GITHUB_CLIENT_SECRET: app.client_secret };
  updateDotEnv(options.cwd, credentials);
  Object.assign(options.env, credentials);
  options.log(`signalbox is registered as GitHub App ${app.id}; its credentials are in .env. Starting.`);
  redirect(res, `${app.html_url}/installations/new`);
  done();
}

function baseUrlOf(req: IncomingMessage): string {
  const forwarded = req.headers["x-forwarded-proto"];
  const protocol = typeof forwarded === "string" ? forwarded.split(",")[0]!.trim() : "http";
  const host = req.headers["x-forwarded-host"] ?? req.headers.host ?? "localhost";
  return `${protocol === "https" ? "https" : "http"}://${String(host)}`;
}

function displayHost(host: string): string {
  return host === "0.0.0.0" || host === "::" ? "localhost" : host;
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location, "content-type": "text/plain" }).end(`Found. Redirecting to ${location}`);
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { "content-type": type, "cache-control": "no-store" }).end(body);
}
