/**
 * Three `npm start` processes on one PostgreSQL database, webhooks spread over them round-robin:
 * every delivery is processed exactly once, each repository's in the order it arrived, its
 * GitHub effects happen once, and a build lock raced through all three has one holder. Reported
 * skipped when no PostgreSQL answers (and failed under CI=true). The bench (bench/replicas.bench.ts) runs the same
 * with more deliveries, a 1-process baseline and a schedule.
 */
import pg from "pg";
import { FakeGitHub } from "../fakes/fake-github.js";
import { buildStatus, buildSynchronize, formatStepContext, seedBenchRepos, type BenchRepo } from "../../bench/support/bench-repos.js";
import { createScratchDatabase, ADMIN_URL, type ScratchDatabase } from "../../bench/support/postgres.js";
import { checkJournal, checkResults, countEffects, raceBoardLock, sendRoundRobin, startReplicas, waitForJournal, type PlannedDelivery } from "../../bench/support/replicas.js";
import { describeNeeding, postgresProblem } from "../support/preconditions.js";
import { buildApp, type RunningApp } from "./start-process.js";

const REPOS = 6;
const STATUSES_PER_REPO = 10;

/** Per repository: its statuses in order, then a push to the pull request (which starts its pipeline). */
function planDeliveries(repos: BenchRepo[]): PlannedDelivery[][] {
  return repos.map((repo, r) => [
    ...Array.from({ length: STATUSES_PER_REPO }, (_, seq) => ({ id: `rep-${r}-${seq}`, name: "status", payload: buildStatus(repo, seq) })),
    { id: `rep-${r}-sync`, name: "pull_request", payload: buildSynchronize(repo, 0) },
  ]);
}

describeNeeding(await postgresProblem(ADMIN_URL), "three replicas on one PostgreSQL", () => {
  const fake = new FakeGitHub();
  let database: ScratchDatabase | undefined;
  let apps: RunningApp[] = [];
  let pool: pg.Pool;
  let repos: BenchRepo[];

  beforeAll(async () => {
    database = await createScratchDatabase("signalbox_e2e_replicas");
    buildApp();
    await fake.start();
    repos = seedBenchRepos(fake, { repos: REPOS, commits: 1 });
    apps = await startReplicas(fake, database.url, 3);
    pool = new pg.Pool({ connectionString: database.url, max: 2 });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop("SIGKILL")));
    await pool?.end();
    await database?.drop();
    await fake.stop();
  });

  it("processes each delivery once, in each repository's order, with its effects once", async () => {
    const plan = planDeliveries(repos);
    expect(await sendRoundRobin(apps, plan)).toEqual([]);
    await waitForJournal(pool, "rep-", REPOS * (STATUSES_PER_REPO + 1), 45_000);

    const journal = await checkJournal(pool, "rep-");
    expect(journal).toMatchObject({ entries: REPOS * (STATUSES_PER_REPO + 1), notDone: [], outOfOrder: [] });
    const results = await checkResults(pool, formatStepContext(0).slice(0, -5));
    expect(results).toEqual({ results: REPOS * STATUSES_PER_REPO, duplicates: [], outOfOrder: [] });
    // One pipeline started per repository: one check run, one workflow dispatch.
    expect(countEffects(fake, repos, "signalbox/ci", "build.yml")).toEqual(repos.map((r) => ({ repo: r.repo, checkRuns: 1, dispatches: 1 })));
    fake.assertNoViolations();
  }, 60_000);

  it("grants a build lock raced through every process to one revision", async () => {
    const { holders, revisions } = await raceBoardLock(apps, 9);
    expect(new Set(holders).size).toBe(1);
    const [status, holder] = holders[0]!.split(" ");
    expect(status).toBe("200");
    expect(revisions).toContain(holder);
  });
});
