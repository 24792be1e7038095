/**
 * The board API served over real HTTP on loopback, with a real store, a background outbox worker,
 * and a local webhook receiver whose answers a test scripts.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BoardOutboxWorker } from "../../src/effects/board-outbox-worker.js";
import type { AppPort, GitHubPortFactory } from "../../src/effects/github-port.js";
import { boardApiRoutes } from "../../src/intake/http/board-api.js";
import { loadSettings } from "../../src/settings.js";
import { createStore } from "../../src/store/create-store.js";
import type { Store } from "../../src/store/store.js";
import type { RouteDeps, RouteHandler } from "../../src/intake/http/route-types.js";

export const TOKEN = "s3cret-token";

export interface Received {
  at: number;
  payload: Record<string, unknown>;
}

/** A webhook receiver: answers each POST with the next scripted behaviour (then 200). */
export class WebhookReceiver {
  readonly received: Received[] = [];
  script: Array<number | "hang"> = [];
  private readonly hanging: ServerResponse[] = [];
  private server: Server | undefined;
  url = "";

  async start(): Promise<void> {
    this.server = await listen(async (req, res) => {
      const body = await text(req);
      const next = this.script.shift() ?? 200;
      if (next === "hang") return void this.hanging.push(res);
      this.received.push({ at: Date.now(), payload: JSON.parse(new URLSearchParams(body).get("payload") ?? "null") });
      res.writeHead(next).end();
    });
    this.url = `${baseUrl(this.server)}/hook`;
  }

  async until(count: number, timeoutMs = 10_000): Promise<Received[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return this.received;
  }

  /** Cuts the connections of hanging requests (their senders see a network error). */
  dropHanging(): void {
    for (const res of this.hanging.splice(0)) res.destroy();
  }

  async stop(): Promise<void> {
    this.dropHanging();
    await close(this.server);
  }
}

export interface Harness {
  url: string;
  store: Store;
  worker: BoardOutboxWorker;
  log: { warn: unknown[]; error: unknown[] };
  close(): Promise<void>;
}

export interface HarnessOptions {
  env?: Record<string, string>;
  github?: GitHubPortFactory;
  app?: AppPort;
}

const unusedGitHub: GitHubPortFactory = async () => {
  throw new Error("no GitHub in this test");
};

export async function startBoardApi(options: HarnessOptions = {}): Promise<Harness> {
  const dataDir = mkdtempSync(join(tmpdir(), "signalbox-board-api-"));
  const store = await createStore({ dataDir });
  const log = { warn: [] as unknown[], error: [] as unknown[] };
  const deps: RouteDeps = {
    store,
    settings: loadSettings({ API_TOKEN: TOKEN, ...options.env }),
    github: options.github ?? unusedGitHub,
    app: options.app ?? { findInstallationId: async () => null },
    now: () => new Date(),
    log: { info: () => undefined, warn: (o) => log.warn.push(o), error: (o) => log.error.push(o) },
    trains: async () => {
      throw new Error("no release train in these tests");
    },
    wakeWorker: () => undefined,
    loadConfig: async () => {
      throw new Error("no config in these tests");
    },
  };
  const worker = new BoardOutboxWorker({ ...deps, pollMs: 100 });
  worker.start();
  const routes: RouteHandler = boardApiRoutes(deps, { worker });
  const server = await listen(async (req, res) => {
    if (!(await routes(req, res))) res.writeHead(404).end("Not Found");
  });
  return {
    url: baseUrl(server),
    store,
    worker,
    log,
    async close() {
      await close(server);
      await worker.stop();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>): Promise<Server> {
  const server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

function baseUrl(server: Server): string {
  const address = server.address();
  return `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
}

async function close(server: Server | undefined): Promise<void> {
  if (!server) return;
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

async function text(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

/** POSTs a form, as joakimk's curl scripts do. */
export function postForm(url: string, fields: Record<string, string>, init: RequestInit = {}): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
    ...init,
  });
}
