#!/usr/bin/env node
/**
 * `npm start`: open the store (embedded SQLite, or PostgreSQL when DATABASE_URL is set),
 * then serve the app with Probot. Without APP_ID and a private key, Probot serves its setup
 * page, which registers the GitHub App from app.yml and writes the credentials to .env.
 */
import { run } from "probot";
import { createSignalbox } from "./app.js";
import { withRateLimitHandlers } from "./effects/rate-limit-handlers.js";
import { SafeProbotOctokit } from "./intake/github/safe-octokit.js";
import { loadSettings } from "./settings.js";
import { createStore } from "./store/create-store.js";

async function main(): Promise<void> {
  const settings = loadSettings(process.env);
  const store = await createStore({ databaseUrl: settings.databaseUrl, dataDir: settings.dataDir });
  const signalbox = createSignalbox({ store, settings });
  const server = await run(signalbox.appFn, { Octokit: SafeProbotOctokit.defaults((options: { throttle?: object }) => withRateLimitHandlers(options)) });
  signalbox.worker?.start();
  signalbox.timers?.start(settings.timerIntervalSeconds * 1000);
  signalbox.reconciler?.start(settings.reconcileIntervalSeconds * 1000);
  signalbox.boardWorker?.start();

  // On SIGTERM/SIGINT: stop taking deliveries, finish what is in flight, then exit.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.info(`${signal} received: finishing work in flight`);
    await server.stop().catch(() => undefined);
    signalbox.timers?.stop();
    signalbox.reconciler?.stop();
    await signalbox.worker?.stop();
    await signalbox.boardWorker?.stop();
    await store.close();
    process.exit(0);
  };
  process.removeAllListeners("SIGINT");
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
