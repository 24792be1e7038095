/**
 * Memory of the `npm start` process (embedded SQLite): RSS idle, after 100,000 deliveries, and
 * over a compressed hour of steady traffic sampled every few seconds, with the slope after
 * warm-up and a verdict (flat: the fitted growth over the steady phase is under 5% of its mean
 * RSS). The deliveries are commit statuses on repositories with a pipeline config: the worker
 * processes every one (each is stored as a result) without GitHub writes, which Octokit would
 * throttle to one a second and leave as a backlog. `npm run bench -- memory`;
 * BENCH_MEMORY_DELIVERIES and BENCH_MEMORY_STEADY_SECONDS shrink it for a quick look.
 */
import { FakeGitHub } from "../test/fakes/fake-github.js";
import { buildApp, waitFor, type RunningApp } from "../test/e2e/start-process.js";
import { BENCH_SECRET, githubEnv, rssMb, startSignalbox } from "./support/apps.js";
import { buildStatus, seedBenchRepos } from "./support/bench-repos.js";
import { printTable, ratio, verdict } from "./support/format.js";
import { runLoad } from "./support/run-load.js";

const DELIVERIES = Number(process.env.BENCH_MEMORY_DELIVERIES ?? 100_000);
/** The hour, compressed: its traffic at a steady rate in this many seconds. */
const STEADY_SECONDS = Number(process.env.BENCH_MEMORY_STEADY_SECONDS ?? 60);
const STEADY_RATE = 100;
const SAMPLE_MS = 5_000;
const REPOS = 8;

export default async function run(): Promise<void> {
  const fake = new FakeGitHub();
  await fake.start();
  let app: RunningApp | undefined;
  try {
    const repos = seedBenchRepos(fake, { repos: REPOS, commits: 1 });
    const bodies = repos.flatMap((repo) => Array.from({ length: 4 }, (_, seq) => buildStatus(repo, seq)));
    console.log("building dist/ (npm run build) ...");
    buildApp();
    app = await startSignalbox(githubEnv(fake));
    const pid = app.child.pid!;
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const idle = rssMb(pid);
    const burst = await sampled(pid, () => runLoad({ secret: BENCH_SECRET, event: "status", bodies, windows: [{ url: app!.url, idPrefix: "mem", connections: 16, seconds: 3600, amount: DELIVERIES }] }));
    const sent = burst.result.windows[0]!;
    await waitForIdle(app);
    const afterBurst = rssMb(pid);
    const steady = await sampled(pid, () => runLoad({ secret: BENCH_SECRET, event: "status", bodies, windows: [{ url: app!.url, idPrefix: "steady", connections: 4, seconds: STEADY_SECONDS, rate: STEADY_RATE }] }));
    report({ idle, sent: sent.acknowledged, rate: sent.perSecond, afterBurst, burstSamples: burst.samples, steadySamples: steady.samples });
  } finally {
    await app?.stop("SIGKILL");
    await fake.stop();
  }
}

/** Runs fn while sampling the process's RSS every SAMPLE_MS (seconds since start, MB). */
async function sampled<T>(pid: number, fn: () => Promise<T>): Promise<{ result: T; samples: Array<[number, number]> }> {
  const start = Date.now();
  const samples: Array<[number, number]> = [[0, rssMb(pid)]];
  const timer = setInterval(() => samples.push([(Date.now() - start) / 1000, rssMb(pid)]), SAMPLE_MS);
  try {
    const result = await fn();
    samples.push([(Date.now() - start) / 1000, rssMb(pid)]);
    return { result, samples };
  } finally {
    clearInterval(timer);
  }
}

/** The worker has caught up: nothing left in the journal (readyz reports the backlog). */
async function waitForIdle(app: RunningApp): Promise<void> {
  await waitFor(async () => {
    const body = (await (await fetch(`${app.url}/readyz`)).json()) as { pending?: number };
    return body.pending === 0;
  }, 180_000, () => "the worker did not catch up");
}

/** Least-squares slope of RSS over time, MB per minute. */
function slopePerMinute(samples: Array<[number, number]>): number {
  const n = samples.length;
  const meanT = samples.reduce((s, [t]) => s + t, 0) / n;
  const meanR = samples.reduce((s, [, r]) => s + r, 0) / n;
  const cov = samples.reduce((s, [t, r]) => s + (t - meanT) * (r - meanR), 0);
  const varT = samples.reduce((s, [t]) => s + (t - meanT) ** 2, 0);
  return varT === 0 ? 0 : (cov / varT) * 60;
}

interface MemoryFigures {
  idle: number;
  sent: number;
  rate: number;
  afterBurst: number;
  burstSamples: Array<[number, number]>;
  steadySamples: Array<[number, number]>;
}

function report(f: MemoryFigures): void {
  const steadyMean = f.steadySamples.reduce((s, [, r]) => s + r, 0) / f.steadySamples.length;
  const slope = slopePerMinute(f.steadySamples);
  const growth = (slope * STEADY_SECONDS) / 60;
  printTable(
    ["moment", "RSS MB", "vs idle"],
    [
      ["idle", f.idle, "1.00x"],
      [`after ${f.sent} deliveries (${f.rate.toFixed(0)}/s, then the worker caught up)`, f.afterBurst, ratio(f.afterBurst, f.idle)],
      [`steady ${STEADY_RATE}/s for ${STEADY_SECONDS} s: mean`, steadyMean, ratio(steadyMean, f.idle)],
      ["steady: last sample", f.steadySamples.at(-1)![1], ratio(f.steadySamples.at(-1)![1], f.idle)],
    ],
  );
  console.log(`\nRSS during the burst (s, MB): ${f.burstSamples.map(([t, r]) => `${t.toFixed(0)}:${r.toFixed(0)}`).join(" ")}`);
  console.log(`RSS during steady traffic (s, MB): ${f.steadySamples.map(([t, r]) => `${t.toFixed(0)}:${r.toFixed(0)}`).join(" ")}`);
  console.log(`slope after warm-up: ${slope.toFixed(2)} MB/min (${growth.toFixed(1)} MB over the steady phase, ${((100 * growth) / steadyMean).toFixed(1)}% of its mean)`);
  console.log(verdict(f.sent >= DELIVERIES, `${f.sent} of ${DELIVERIES} deliveries acknowledged`));
  console.log(verdict(growth < 0.05 * steadyMean, "RSS stays flat after warm-up"));
}
