/**
 * Webhook intake: signed `pull_request.synchronize` deliveries over loopback to a no-op Probot app
 * of the same version and to signalbox (`npm start`, embedded SQLite), both on this machine in the
 * same run. At every step the two apps take turns (no-op, signalbox, signalbox, no-op) so that
 * other load on a shared machine falls on both alike. signalbox journals every delivery before
 * acknowledging it, and its worker processes what it can meanwhile (each repository has a
 * labelled pipeline, so a delivery restarts a run). Two phases, 30 s per app each:
 * 1. Throughput: deliveries offered at a rate rising every second. Sustained deliveries/s is the
 *    most an app acknowledged in a second at any rate: past its capacity an app acknowledges at
 *    its capacity and no faster.
 * 2. Latency: a steady load of 2, 8 and 32 connections, each sending its next delivery once the
 *    last is acknowledged. (Under a rate limit autocannon sends each second's quota as a burst,
 *    so phase 1's percentiles measure how fast a burst drains, not one acknowledgement.)
 * Goals: >= 80% of the no-op app's sustained deliveries/s; p99 < 3x the no-op app's at every step.
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

/** Phase 1: offered deliveries/s, each for 2 s per app (two 1 s turns). */
const RATES = Array.from({ length: 15 }, (_, i) => 500 * (i + 1));
/** Enough that neither app's latency, rather than the load generator, caps the offered rate. */
const RATE_CONNECTIONS = 64;
/** Phase 2: connections per step, 10 s per app (two 5 s turns). */
const CONNECTIONS = [2, 8, 32];
const REPOS = 8;

interface Figures {
  perSecond: number;
  p99Ms: number;
  failed: number;
}

type Step = { label: number; noop: Figures; signalbox: Figures };

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
    const turns = (make: (app: RunningApp, name: string) => LoadWindow) => [make(noop, "noop"), make(signalbox, "intake"), make(signalbox, "intake"), make(noop, "noop")];
    const windows = [
      ...RATES.flatMap((rate) => turns((app, name) => ({ url: app.url, idPrefix: name, connections: RATE_CONNECTIONS, rate, seconds: 1 }))),
      ...CONNECTIONS.flatMap((connections) => turns((app, name) => ({ url: app.url, idPrefix: name, connections, seconds: 5 }))),
    ];
    const result = await runLoad({ secret: BENCH_SECRET, event: "pull_request", bodies: repos.map((repo) => buildSynchronize(repo, 0)), windows });
    // SIGKILL: whatever was acknowledged must already be on disk.
    await signalbox.stop("SIGKILL");
    const acknowledged = result.acknowledged.filter((id) => id.startsWith("intake-"));
    const rateSteps = RATES.map((rate) => stepOf(result.windows.filter((w) => w.rate === rate), rate));
    const latencySteps = CONNECTIONS.map((c) => stepOf(result.windows.filter((w) => w.rate === undefined && w.connections === c), c));
    report(rateSteps, latencySteps);
    const journaled = journaledIds(dataDir);
    const missing = acknowledged.filter((id) => !journaled.has(id));
    console.log(`journal: ${acknowledged.length} acknowledged by signalbox, ${missing.length} missing after SIGKILL; its worker made ${fake.calls.length} GitHub calls meanwhile`);
    console.log(verdict(missing.length === 0 && acknowledged.length > 0, "every acknowledged delivery is in the journal"));
  } finally {
    await Promise.all(apps.map((app) => app.stop("SIGKILL")));
    await fake.stop();
  }
}

function stepOf(windows: WindowResult[], label: number): Step {
  const figures = (name: string): Figures => {
    const mine = windows.filter((w) => w.idPrefix === name);
    return {
      perSecond: mine.reduce((sum, w) => sum + w.perSecond, 0) / mine.length,
      p99Ms: mine.reduce((sum, w) => sum + w.p99Ms, 0) / mine.length,
      failed: mine.reduce((sum, w) => sum + w.failed, 0),
    };
  };
  return { label, noop: figures("noop"), signalbox: figures("intake") };
}

function journaledIds(dataDir: string): Set<string> {
  const db = new SqliteDatabase(join(dataDir, "signalbox.db"), { readonly: true });
  try {
    return new Set(db.prepare("select id from journal").pluck().all() as string[]);
  } finally {
    db.close();
  }
}

function printSteps(first: string, steps: Step[]): void {
  printTable(
    [first, "no-op /s", "signalbox /s", "ratio", "no-op p99 ms", "signalbox p99 ms", "ratio", "failed"],
    steps.map(({ label, noop, signalbox }) => [label, noop.perSecond, signalbox.perSecond, ratio(signalbox.perSecond, noop.perSecond), noop.p99Ms, signalbox.p99Ms, ratio(signalbox.p99Ms, noop.p99Ms), noop.failed + signalbox.failed]),
  );
}

function report(rateSteps: Step[], latencySteps: Step[]): void {
  console.log("throughput, at a rising offered rate:");
  printSteps("offered /s", rateSteps);
  console.log("\nlatency, at a steady load:");
  printSteps("connections", latencySteps);
  const [noopRate, rate] = [Math.max(...rateSteps.map((s) => s.noop.perSecond)), Math.max(...rateSteps.map((s) => s.signalbox.perSecond))];
  // A p99 under 1 ms is below autocannon's resolution; compare against 1 ms there.
  const worstP99 = Math.max(...latencySteps.map((s) => s.signalbox.p99Ms / Math.max(s.noop.p99Ms, 1)));
  const failed = [...rateSteps, ...latencySteps].reduce((sum, s) => sum + s.noop.failed + s.signalbox.failed, 0);
  console.log(`\nsustained: no-op ${noopRate.toFixed(0)}/s, signalbox ${rate.toFixed(0)}/s, ratio ${ratio(rate, noopRate)}; ${failed} deliveries failed`);
  console.log(verdict(rate >= 0.8 * noopRate && failed === 0, `signalbox sustains ${ratio(rate, noopRate)} of the no-op app's deliveries/s (goal >= 0.80x)`));
  console.log(verdict(worstP99 < 3, `worst p99 ratio at a steady load ${worstP99.toFixed(2)}x (goal < 3x)`));
}
