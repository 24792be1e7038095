#!/usr/bin/env node
/**
 * `npm start`: read `.env`, decide how to start (decideStartup), then either serve Probot's setup
 * page, which registers the GitHub App from app.yml and writes the credentials to .env, or open
 * the store (embedded SQLite, or PostgreSQL when DATABASE_URL is set) and serve the app on
 * signalbox's own HTTP server (createFrontDoor), with Probot's webhook middleware inside it.
 */
import { getPrivateKey } from "@probot/get-private-key";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { parseEnv } from "node:util";
import { createNodeMiddleware, createProbot, run } from "probot";
import type { Logger } from "pino";
import { createSignalbox } from "./app.js";
import { withRateLimitHandlers } from "./effects/rate-limit-handlers.js";
import { SignalboxOctokit } from "./intake/github/signalbox-octokit.js";
import { createLogger } from "./server/create-logger.js";
import { decideStartup } from "./server/decide-startup.js";
import { createFrontDoor } from "./server/front-door.js";
import { loadSettings } from "./settings.js";
import { createStore } from "./store/create-store.js";

async function main(): Promise<void> {
  applyDotEnv();
  const log = await createLogger(process.env);
  const startup = decideStartup(process.env, hasPrivateKey());
  if (startup.kind === "refuse") {
    console.error(`Error: ${startup.error}`);
    process.exit(1);
  }
  if (startup.kind === "setup") {
    process.env.HOST = startup.host;
    await run(() => undefined, { log });
    return;
  }
  const settings = loadSettings(process.env);
  const store = await createStore({ databaseUrl: settings.databaseUrl, dataDir: settings.dataDir });
  const signalbox = createSignalbox({ store, settings });
  const Octokit = SignalboxOctokit.defaults((options: { throttle?: object }) => withRateLimitHandlers(options));
  const probot = createProbot({ overrides: { log, Octokit } });
  const app = await createNodeMiddleware(signalbox.appFn, { probot, webhooksPath: startup.webhookPath });
  const server = createServer(createFrontDoor({ log: log.child({ name: "http" }), webhookPath: startup.webhookPath, app }));
  await listen(server, startup.port, startup.host, log);
  signalbox.worker?.start();
  signalbox.timers?.start(settings.timerIntervalSeconds * 1000);
  signalbox.reconciler?.start(settings.reconcileIntervalSeconds * 1000);
  signalbox.boardWorker?.start();

  // On SIGTERM/SIGINT: 1. stop taking deliveries (close the listener) and timers; 2. give work
  // in flight a grace period, then hand what is left back to the journal (pending, not leased),
  // so the next start or another replica finishes it at once; 3. close the store and exit 0.
  const graceMs = settings.shutdownGraceSeconds * 1000;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.info(`${signal} received: no new deliveries; finishing work in flight (up to ${graceMs / 1000} s)`);
    signalbox.startDraining(); // /readyz answers 503 from now on
    await withTimeout(closeServer(server), 5000);
    signalbox.timers?.stop();
    signalbox.reconciler?.stop();
    const handedBack = (await signalbox.worker?.stop(graceMs)) ?? 0;
    if (handedBack > 0) console.info(`handed ${handedBack} unfinished journal entr${handedBack === 1 ? "y" : "ies"} back for the next start`);
    await withTimeout(signalbox.boardWorker?.stop() ?? Promise.resolve(), 2000);
    await store.close().catch(() => undefined);
    process.exit(0);
  };
  process.removeAllListeners("SIGINT");
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

/** Probot's own start reads `.env` from the working directory over the environment; so does this one. */
function applyDotEnv(): void {
  try {
    Object.assign(process.env, parseEnv(readFileSync(join(process.cwd(), ".env"), "utf8")));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}

/** PRIVATE_KEY, PRIVATE_KEY_PATH, or a lone .pem file in the working directory, as Probot finds it. */
function hasPrivateKey(): boolean {
  try {
    return Boolean(getPrivateKey({ env: process.env }));
  } catch {
    return false;
  }
}

async function listen(server: Server, port: number, host: string, log: Logger): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port, host }, () => resolve());
  });
  const address = server.address();
  log.info(`Listening on http://${host}:${typeof address === "object" && address ? address.port : port}`);
}

/** Stops accepting connections; idle keep-alive connections are closed, open ones may finish. */
async function closeServer(server: Server): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

/** Waits for `work`, but no longer than `ms`: a stuck close must not keep the process alive. */
async function withTimeout(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
