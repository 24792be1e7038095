#!/usr/bin/env node
/**
 * `npm start`: read `.env`, decide how to start (decideStartup). On a first run, serve the setup
 * page until the GitHub App is registered from app.yml (it writes the credentials to `.env`).
 * Then open the store (embedded SQLite, or PostgreSQL when DATABASE_URL is set) and serve the app
 * on signalbox's own HTTP server (createFrontDoor), with Probot's webhook middleware inside it.
 */
import { getPrivateKey } from "@probot/get-private-key";
import { createServer, type Server } from "node:http";
import { createNodeMiddleware, createProbot } from "probot";
import type { Logger } from "pino";
import { createSignalbox } from "./app.js";
import { withRateLimitHandlers } from "./effects/rate-limit-handlers.js";
import { SignalboxOctokit } from "./intake/github/signalbox-octokit.js";
import { createLogger } from "./server/create-logger.js";
import { decideStartup } from "./server/decide-startup.js";
import { createFrontDoor } from "./server/front-door.js";
import { startWebhookProxy } from "./server/webhook-proxy.js";
import { loadSettings } from "./settings.js";
import { applyDotEnv } from "./setup/dot-env.js";
import { registerApp } from "./setup/register-app.js";
import { createStore } from "./store/create-store.js";

async function main(): Promise<void> {
  applyDotEnv(process.cwd());
  const log = await createLogger(process.env);
  let startup = decideStartup(process.env, hasPrivateKey());
  if (startup.kind === "setup") {
    await registerApp(process.env, process.cwd(), startup.host);
    startup = decideStartup(process.env, hasPrivateKey());
  }
  if (startup.kind !== "serve") {
    console.error(`Error: ${startup.kind === "refuse" ? startup.error : "the setup page wrote no usable credentials"}`);
    process.exit(1);
  }
  const settings = loadSettings(process.env);
  const store = await createStore({ databaseUrl: settings.databaseUrl, dataDir: settings.dataDir });
  const signalbox = createSignalbox({ store, settings });
  const Octokit = SignalboxOctokit.defaults((options: { throttle?: object }) => withRateLimitHandlers(options));
  const probot = createProbot({ overrides: { log, Octokit } });
  const app = await createNodeMiddleware(signalbox.appFn, { probot, webhooksPath: startup.webhookPath });
  const server = createServer(createFrontDoor({ log: log.child({ name: "http" }), webhookPath: startup.webhookPath, app }));
  await listen(server, startup.port, startup.host, log);
  if (process.env.WEBHOOK_PROXY_URL) await startWebhookProxy(process.env.WEBHOOK_PROXY_URL, `http://127.0.0.1:${startup.port}${startup.webhookPath}`, log);
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
