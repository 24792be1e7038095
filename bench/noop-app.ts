/**
 * The intake bench's baseline: a Probot app of the same version that does nothing with a
 * delivery, started through Probot's `run()` exactly as `npm start` starts signalbox (same
 * environment, same port handling). Started by bench/support/apps.ts.
 */
import { run } from "probot";

await run((app) => {
  app.onAny(() => {});
});

// Exit cleanly on SIGTERM (as signalbox does), so `node --cpu-prof` can write its profile.
process.on("SIGTERM", () => process.exit(0));
