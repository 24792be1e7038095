/** Starting the processes a bench measures: signalbox (`npm start`'s dist/main.js) and the no-op Probot app. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { FakeGitHub } from "../../test/fakes/fake-github.js";
import { githubAppEnv, root, startApp, type RunningApp } from "../../test/e2e/start-process.js";

export const BENCH_SECRET = "bench-webhook-secret";

/** What both apps need to reach the fake GitHub as a GitHub App. */
export function githubEnv(fake: FakeGitHub): Record<string, string> {
  // Per-request logging would measure the pipe to this process, not the app.
  return { ...githubAppEnv(fake, BENCH_SECRET), LOG_LEVEL: "warn" };
}

export function startSignalbox(env: Record<string, string>, dataDir?: string): Promise<RunningApp> {
  return startApp(env, { dataDir });
}

/** bench/noop-app.ts under the same Node, environment and port handling as signalbox. */
export function startNoopApp(env: Record<string, string>): Promise<RunningApp> {
  const tsx = import.meta.resolve("tsx");
  return startApp(env, { nodeArgs: ["--import", tsx, join(root, "bench/noop-app.ts")], readyPath: "/ping" });
}

/** Resident set size of a process in MB, from /proc (Linux). */
export function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmRSS:\s+(\d+) kB/m);
  if (!line) throw new Error(`no VmRSS for process ${pid}`);
  return Number(line[1]) / 1024;
}
