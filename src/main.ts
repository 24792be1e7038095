#!/usr/bin/env node
/**
 * `npm start`: read `.env`; without APP_ID and a private key, serve the setup page until the
 * GitHub App is registered from app.yml (it writes the credentials to `.env`); then open the store
 * (embedded SQLite, or PostgreSQL when DATABASE_URL is set) and serve the app with Probot.
 */
import { run } from "probot";
import { createSignalbox } from "./app.js";
import { withRateLimitHandlers } from "./effects/rate-limit-handlers.js";
import { SignalboxOctokit } from "./intake/github/signalbox-octokit.js";
import { loadSettings } from "./settings.js";
import { applyDotEnv } from "./setup/dot-env.js";
import { needsRegistration, registerApp } from "./setup/register-app.js";
import { createStore } from "./store/create-store.js";

async function main(): Promise<void> {
  applyDotEnv(process.cwd());
  // In production a missing credential is a mistake, not a first run: Probot refuses to start.
  if (process.env.NODE_ENV !== "production" && needsRegistration(process.env, process.cwd())) await registerApp(process.env, process.cwd());
  const settings = loadSettings(process.env);
  const store = await createStore({ databaseUrl: settings.databaseUrl, dataDir: settings.dataDir });
  const signalbox = createSignalbox({ store, settings });
  const server = await run(signalbox.appFn, { Octokit: SignalboxOctokit.defaults((options: { throttle?: object }) => withRateLimitHandlers(options)) });
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
    await withTimeout(server.stop().catch(() => undefined), 5000);
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
