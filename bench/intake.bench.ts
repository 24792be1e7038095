/**
 * Webhook intake: signed `pull_request.synchronize` deliveries over loopback to a no-op Probot app
 * of the same version and to signalbox (`npm start`, embedded SQLite), both running on this machine
 * in the same run. The load rises in steps of connections; within each step the two apps take
 * turns (no-op, signalbox, signalbox, no-op) so that other load on a shared machine falls on both
 * alike. signalbox journals every delivery before acknowledging it, and its worker processes what
 * it can meanwhile (each repository has a labelled pipeline, so a delivery restarts a run).
 * Goals: >= 80% of the no-op app's deliveries/s, p99 acknowledgement time < 3x the no-op app's.
 * Afterwards signalbox is SIGKILLed and every acknowledged delivery must be a row of its journal.
 * `npm run bench -- intake`.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { FakeGitHub } from "../test/fakes/fake-github.js";
import { buildApp, type RunningApp } from "../test/e2e/start-process.js";
import { BENCH_SECRET, githubEnv, startNoopApp, startSignalbox } from "./support/apps.js";
import { buildSynchronize, seedBenchRepos } from "./support/bench-repos.js";
import { printTable, ratio, verdict } from "./support/format.js";
import type { LoadWindow, WindowResult } from "./support/load.js";
import { runLoad } from "./support/run-load.js";

/** Connections per step; each app gets 10 s of every step, so 30 s in all. */
const CONNECTIONS = [2, 8, 32];
const HALF_SECONDS = 5;
const REPOS = 8;

interface Figures {
  perSecond: number;
  p99Ms: number;
  failed: number;
}

export default async function run(): Promise<void> {
  const fake = new FakeGitHub();
  await fake.start();
  const apps: RunningApp[] = [];
  try {
    const repos = seedBenchRepos(fake, { repos: REPOS, commits: 1 });
    console.log("building dist/ (npm run build) ...");
    buildApp();
    const dataDir = mkdtempSync(join(tmpdir(), "signalbox-intake-"));
    const noop = await startNoopApp(githubEnv(fake));
    apps.push(noop);
    const signalbox = await startSignalbox(githubEnv(fake), dataDir);
    apps.push(signalbox);
    const window = (app: RunningApp, name: string, connections: number): LoadWindow => ({ url: app.url, idPrefix: name, connections, seconds: HALF_SECONDS });
    const windows = CONNECTIONS.flatMap((c) => [window(noop, "noop", c), window(signalbox, "intake", c), window(signalbox, "intake", c), window(noop, "noop", c)]);
    const result = await runLoad({ secret: BENCH_SECRET, event: "pull_request", bodies: repos.map((repo) => buildSynchronize(repo, 0)), windows });
    // SIGKILL: whatever was acknowledged must already be on disk.
    await signalbox.stop("SIGKILL");
    const acknowledged = result.acknowledged.filter((id) => id.startsWith("intake-"));
    report(result.windows, acknowledged, journaledIds(dataDir), fake.calls.length);
  } finally {
    await Promise.all(apps.map((app) => app.stop("SIGKILL")));
    await fake.stop();
  }
}

function figuresOf(windows: WindowResult[], name: string, connections: number): Figures {
  const mine = windows.filter((w) => w.idPrefix === name && w.connections === connections);
  const seconds = mine.reduce((sum, w) => sum + w.seconds, 0);
  return {
    perSecond: mine.reduce((sum, w) => sum + w.acknowledged, 0) / seconds,
    p99Ms: mine.reduce((sum, w) => sum + w.p99Ms, 0) / mine.length,
    failed: mine.reduce((sum, w) => sum + w.failed, 0),
  };
}

function journaledIds(dataDir: string): Set<string> {
  const db = new SqliteDatabase(join(dataDir, "signalbox.db"), { readonly: true });
  try {
    return new Set(db.prepare("select id from journal").pluck().all() as string[]);
  } finally {
    db.close();
  }
}

function report(windows: WindowResult[], acknowledged: string[], journaled: Set<string>, githubCalls: number): void {
  const steps = CONNECTIONS.map((c) => ({ c, noop: figuresOf(windows, "noop", c), signalbox: figuresOf(windows, "intake", c) }));
  printTable(
    ["connections", "no-op /s", "signalbox /s", "ratio", "no-op p99 ms", "signalbox p99 ms", "ratio", "failed"],
    steps.map(({ c, noop, signalbox }) => [c, noop.perSecond, signalbox.perSecond, ratio(signalbox.perSecond, noop.perSecond), noop.p99Ms, signalbox.p99Ms, ratio(signalbox.p99Ms, noop.p99Ms), noop.failed + signalbox.failed]),
  );
  const mean = (pick: (s: (typeof steps)[number]) => number) => steps.reduce((sum, s) => sum + pick(s), 0) / steps.length;
  const [noopRate, rate] = [mean((s) => s.noop.perSecond), mean((s) => s.signalbox.perSecond)];
  const worstP99 = Math.max(...steps.map((s) => s.signalbox.p99Ms / Math.max(s.noop.p99Ms, 1)));
  const missing = acknowledged.filter((id) => !journaled.has(id));
  console.log(`\nover ${CONNECTIONS.length * 2 * HALF_SECONDS} s each: no-op ${noopRate.toFixed(0)}/s, signalbox ${rate.toFixed(0)}/s, ratio ${ratio(rate, noopRate)}`);
  console.log(`journal: ${acknowledged.length} acknowledged by signalbox, ${missing.length} missing after SIGKILL; its worker made ${githubCalls} GitHub calls meanwhile`);
  console.log(verdict(rate >= 0.8 * noopRate, `signalbox sustains ${ratio(rate, noopRate)} of the no-op app's deliveries/s (goal >= 0.80x)`));
  console.log(verdict(worstP99 < 3, `worst p99 ratio ${worstP99.toFixed(2)}x (goal < 3x)`));
  console.log(verdict(missing.length === 0 && acknowledged.length > 0, "every acknowledged delivery is in the journal"));
}
