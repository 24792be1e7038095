/**
 * The HTTP server's request listener: every request is logged once (method, path without its
 * query string, status, time; never a header), the webhook endpoint's deliveries pass
 * decideWebhookIntake and are read within their cap before Probot verifies them, and everything
 * else goes to the app (Probot's webhook middleware and signalbox's routes), or gets 404.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { formatPathForLog } from "./create-logger.js";
import { attachRawBody, decideWebhookIntake, readCappedBody, tooLarge, type WebhookIntake } from "./webhook-intake.js";

export type Middleware = (req: IncomingMessage, res: ServerResponse) => boolean | void | Promise<boolean | void>;

export interface FrontDoorLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface FrontDoorDeps {
  log: FrontDoorLog;
  webhookPath: string;
  /** Probot's middleware with the app loaded: the app's routes, then the webhook endpoint. */
  app: Middleware;
  maxWebhookBytes?: number;
}

/** How long a refused upload may keep sending (discarded) before its connection is cut. */
const DISCARD_MS = 5_000;

export function createFrontDoor(deps: FrontDoorDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    logWhenDone(deps.log, req, res);
    void serve(deps, req, res).catch((error: unknown) => {
      deps.log.error({ err: error, path: formatPathForLog(req.url ?? "/") }, "request failed");
      if (!res.headersSent) res.writeHead(500).end();
      else res.end();
    });
  };
}

async function serve(deps: FrontDoorDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method === "POST" && formatPathForLog(req.url ?? "/").replace(/\/+$/, "") === deps.webhookPath.replace(/\/+$/, "")) {
    // 1. refuse what needs no body read; 2. read within the cap; 3. let Probot verify and journal it.
    const intake = decideWebhookIntake({ event: header(req, "x-github-event"), contentLength: header(req, "content-length") }, deps.maxWebhookBytes);
    if (intake.kind === "refuse") return refuse(req, res, intake);
    const body = await readCappedBody(req, deps.maxWebhookBytes);
    if (body === undefined) return refuse(req, res, tooLarge(deps.maxWebhookBytes));
    attachRawBody(req, body);
  }
  if (!(await deps.app(req, res)) && !res.headersSent) {
    res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Not found\n");
  }
}

/** Answers and closes the connection; a body still arriving is read and thrown away, for a while. */
function refuse(req: IncomingMessage, res: ServerResponse, refusal: WebhookIntake & { kind: "refuse" }): void {
  res.writeHead(refusal.status, { "content-type": "application/json", connection: "close" }).end(JSON.stringify({ error: refusal.error }));
  res.once("finish", () => {
    req.resume();
    setTimeout(() => req.socket.destroy(), DISCARD_MS).unref();
  });
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** One line per request when it ends (an event stream ends when the browser leaves). */
function logWhenDone(log: FrontDoorLog, req: IncomingMessage, res: ServerResponse): void {
  const started = Date.now();
  const id = (header(req, "x-github-delivery") ?? header(req, "x-request-id") ?? randomUUID()).slice(0, 100);
  const path = formatPathForLog(req.url ?? "/");
  res.once("close", () => {
    const ms = Date.now() - started;
    log.info({ req: { id, method: req.method, path }, res: { statusCode: res.statusCode }, responseTime: ms }, `${req.method} ${path} ${res.statusCode} - ${ms}ms`);
  });
}
