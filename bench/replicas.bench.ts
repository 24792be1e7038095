/**
 * Replicas: 1 and then 3 signalbox processes (`npm start`) on one PostgreSQL database each (made
 * for the phase, dropped after), with deliveries spread round-robin over the processes and each
 * repository's sent in order. The throughput figure uses commit statuses (each stored as a
 * result: work for the journal, the claim and the store, no GitHub write), because Octokit
 * throttles GitHub writes to about one a second per process, which would make the figure a
 * count of processes. Checked in the 3-process phase: every delivery processed exactly once and
 * in its repository's order, a pipeline started by each repository's push once (one check run,
 * one dispatch), a raced build lock granted once, and an every-minute schedule fired once per
 * minute across the three. Needs PostgreSQL (BENCH_DATABASE_URL, else TEST_DATABASE_URL, else
 * postgres://postgres@127.0.0.1:5432/test). `npm run bench -- replicas`.
 */
import { cpus } from "node:os";
import pg from "pg";
import { FakeGitHub } from "../test/fakes/fake-github.js";
import { buildApp, waitFor, type RunningApp } from "../test/e2e/start-process.js";
import { buildStatus, buildSynchronize, formatStepContext, seedBenchRepos, type BenchRepo } from "./support/bench-repos.js";
import { printTable, ratio, verdict } from "./support/format.js";
import { ADMIN_URL, createScratchDatabase } from "./support/postgres.js";
import { checkJournal, checkResults, countEffects, raceBoardLock, sendRoundRobin, startReplicas, waitForJournal, type PlannedDelivery } from "./support/replicas.js";

const REPOS = 16;
const STATUSES_PER_REPO = 40;

interface Phase {
  processes: number;
  seconds: number;
  perSecond: number;
  checks: string[];
}

export default async function run(): Promise<void> {
  try {
    await (await createScratchDatabase("signalbox_bench_probe")).drop();
  } catch (error) {
    console.log(`PostgreSQL at ${ADMIN_URL} does not answer (${(error as Error).message}): replicas bench skipped.`);
    return;
  }
  const fake = new FakeGitHub();
  await fake.start();
  try {
    const repos = seedBenchRepos(fake, { repos: REPOS, commits: 1, scheduled: 1 });
    console.log("building dist/ (npm run build) ...");
    buildApp();
    const one = await runPhase(fake, repos, 1);
    const three = await runPhase(fake, repos, 3);
    printTable(["processes", "deliveries", "seconds", "deliveries/s"], [one, three].map((p) => [p.processes, REPOS * STATUSES_PER_REPO, p.seconds, p.perSecond]));
    console.log(`\nthroughput with 3 processes over 1: ${ratio(three.perSecond, one.perSecond)} on a machine with ${cpus().length} cores (which also runs PostgreSQL, the fake GitHub and the load): a measurement, not a target`);
    for (const line of [...one.checks, ...three.checks]) console.log(line);
  } finally {
    await fake.stop();
  }
}

async function runPhase(fake: FakeGitHub, repos: BenchRepo[], processes: number): Promise<Phase> {
  const database = await createScratchDatabase("signalbox_bench_replicas");
  const pool = new pg.Pool({ connectionString: database.url, max: 2 });
  let apps: RunningApp[] = [];
  try {
    apps = await startReplicas(fake, database.url, processes, { TIMER_INTERVAL_SECONDS: "1" });
    const plan = repos.map((repo, r) => Array.from({ length: STATUSES_PER_REPO }, (_, seq): PlannedDelivery => ({ id: `rep-${r}-${seq}`, name: "status", payload: buildStatus(repo, seq) })));
    const started = performance.now();
    const refused = await sendRoundRobin(apps, plan);
    await waitForJournal(pool, "rep-", REPOS * STATUSES_PER_REPO, 120_000);
    const seconds = (performance.now() - started) / 1000;
    const label = `${processes} process${processes === 1 ? "" : "es"}`;
    const checks = [verdict(refused.length === 0, `${label}: every delivery acknowledged (${refused.length} refused)`), ...(await checkOnce(pool, label))];
    if (processes > 1) checks.push(...(await checkEffectsOnce(fake, repos, apps, pool, label)));
    return { processes, seconds, perSecond: (REPOS * STATUSES_PER_REPO) / seconds, checks };
  } finally {
    await Promise.all(apps.map((app) => app.stop("SIGKILL")));
    await pool.end();
    await database.drop();
  }
}

async function checkOnce(pool: pg.Pool, label: string): Promise<string[]> {
  const journal = await checkJournal(pool, "rep-");
  const results = await checkResults(pool, formatStepContext(0).slice(0, -5));
  const total = REPOS * STATUSES_PER_REPO;
  return [
    verdict(journal.entries === total && journal.notDone.length === 0, `${label}: ${journal.entries} of ${total} journal entries, ${journal.notDone.length} not done, ${journal.retried} retried`),
    verdict(results.results === total && results.duplicates.length === 0, `${label}: exactly once: ${results.results} results stored, ${results.duplicates.length} twice`),
    verdict(journal.outOfOrder.length === 0 && results.outOfOrder.length === 0, `${label}: per-repository order kept (${results.outOfOrder.length + journal.outOfOrder.length} repositories out of order)`),
  ];
}

/** A push per repository (its pipeline starts: GitHub writes), a raced lock, and the schedule. */
async function checkEffectsOnce(fake: FakeGitHub, repos: BenchRepo[], apps: RunningApp[], pool: pg.Pool, label: string): Promise<string[]> {
  const smokeBefore = countEffects(fake, repos.slice(0, 1), "signalbox/smoke", "smoke.yml")[0]!.dispatches;
  const before = countEffects(fake, repos, "signalbox/ci", "build.yml");
  const pushes = repos.map((repo, r) => [{ id: `push-${r}`, name: "pull_request", payload: buildSynchronize(repo, 0) }]);
  await sendRoundRobin(apps, pushes);
  await waitForJournal(pool, "push-", repos.length, 90_000);
  const after = countEffects(fake, repos, "signalbox/ci", "build.yml");
  const twice = after.filter((a, i) => a.checkRuns - before[i]!.checkRuns !== 1 || a.dispatches - before[i]!.dispatches !== 1);
  const { holders, revisions } = await raceBoardLock(apps, 9);
  const holder = holders[0]?.split(" ")[1] ?? "";
  // The schedule fires at the next minute boundary; wait for it and for the worker to run it.
  const nextMinute = Math.ceil(Date.now() / 60_000) * 60_000;
  console.log(`waiting ${Math.round((nextMinute - Date.now()) / 1000) + 3} s for the every-minute schedule ...`);
  const fired = async () => Number((await pool.query("select count(*) as n from journal where name = 'signalbox.schedule' and state = 'done'")).rows[0].n);
  await waitFor(async () => Date.now() > nextMinute + 3000 && (await fired()) >= 1, 90_000);
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const smoke = countEffects(fake, repos.slice(0, 1), "signalbox/smoke", "smoke.yml")[0]!.dispatches - smokeBefore;
  const schedules = await fired();
  return [
    verdict(twice.length === 0, `${label}: each push started its pipeline once (${twice.length} of ${repos.length} repositories otherwise)`),
    verdict(new Set(holders).size === 1 && revisions.includes(holder), `${label}: 9 racing lock requests, ${new Set(holders).size} distinct answer(s): ${holders[0]}`),
    // A minute's firing is one journal entry whichever process saw it first; a firing while the
    // previous run still runs (the fake never finishes workflows) starts nothing new.
    verdict(schedules >= 1 && smoke >= 1 && smoke <= schedules, `${label}: the schedule fired once per minute (${schedules} minute(s), ${smoke} smoke dispatch(es))`),
  ];
}
