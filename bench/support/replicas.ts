/**
 * Several signalbox processes on one PostgreSQL database: deliveries are spread round-robin over
 * the processes, each repository's in order (its next delivery goes out once the previous one is
 * acknowledged, as it would from GitHub), and the outcome is read back from the database and the
 * fake GitHub. Shared by bench/replicas.bench.ts and test/e2e/replicas.e2e.test.ts.
 */
import pg from "pg";
import type { FakeGitHub } from "../../test/fakes/fake-github.js";
import { deliverWebhook } from "../../test/fakes/webhooks.js";
import { startApp, waitFor, type RunningApp } from "../../test/e2e/start-process.js";
import { BENCH_SECRET, githubEnv } from "./apps.js";
import type { BenchRepo } from "./bench-repos.js";

export const REPLICA_TOKEN = "bench-replica-token";

export interface PlannedDelivery {
  id: string;
  name: string;
  payload: unknown;
}

/** Starts `count` processes at once (they race each other's migrations); stops them all if one fails. */
export async function startReplicas(fake: FakeGitHub, databaseUrl: string, count: number, extraEnv: Record<string, string> = {}): Promise<RunningApp[]> {
  const env = { ...githubEnv(fake), DATABASE_URL: databaseUrl, API_TOKEN: REPLICA_TOKEN, ...extraEnv };
  const started = await Promise.allSettled(Array.from({ length: count }, () => startApp(env)));
  const apps = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failed) {
    await Promise.all(apps.map((app) => app.stop("SIGKILL")));
    throw failed.reason;
  }
  return apps;
}

/**
 * Sends every repository's deliveries in order, repositories side by side, each delivery to the
 * next process in turn. Returns the ids that were not acknowledged with 200.
 */
export async function sendRoundRobin(apps: RunningApp[], perRepo: PlannedDelivery[][]): Promise<string[]> {
  let turn = 0;
  const refused: string[] = [];
  await Promise.all(
    perRepo.map(async (deliveries) => {
      for (const delivery of deliveries) {
        const app = apps[turn++ % apps.length]!;
        const { status } = await deliverWebhook(app.url, { ...delivery, secret: BENCH_SECRET });
        if (status !== 200) refused.push(delivery.id);
      }
    }),
  );
  return refused;
}

/** Waits until every journal entry whose id starts with `prefix` is finished; returns how many there are. */
export async function waitForJournal(pool: pg.Pool, prefix: string, expected: number, timeoutMs: number): Promise<void> {
  let last = "";
  await waitFor(async () => {
    const { rows } = await pool.query<{ n: string; open: string }>(
      "select count(*) as n, count(*) filter (where state in ('pending', 'in_flight')) as open from journal where id like $1",
      [`${prefix}%`],
    );
    last = `${rows[0]?.n} journaled, ${rows[0]?.open} open, ${expected} expected`;
    return Number(rows[0]?.n) === expected && Number(rows[0]?.open) === 0;
  }, timeoutMs, () => last);
}

export interface JournalCheck {
  entries: number;
  notDone: string[];
  /** Entries that needed more than one attempt (a second process took one over, or a retry). */
  retried: number;
  /** Repositories whose entries finished out of arrival order. */
  outOfOrder: string[];
}

export async function checkJournal(pool: pg.Pool, prefix: string): Promise<JournalCheck> {
  const { rows } = await pool.query<{ id: string; repo_key: string; state: string; attempts: number; finished_at: Date }>(
    "select id, repo_key, state, attempts, finished_at from journal where id like $1 order by seq",
    [`${prefix}%`],
  );
  const lastFinished = new Map<string, number>();
  const outOfOrder = new Set<string>();
  for (const row of rows) {
    const finished = row.finished_at.getTime();
    if (finished < (lastFinished.get(row.repo_key) ?? 0)) outOfOrder.add(row.repo_key);
    lastFinished.set(row.repo_key, finished);
  }
  return {
    entries: rows.length,
    notDone: rows.filter((r) => r.state !== "done").map((r) => `${r.id}: ${r.state}`),
    retried: rows.filter((r) => r.attempts > 0).length,
    outOfOrder: [...outOfOrder],
  };
}

export interface ResultsCheck {
  results: number;
  /** Status contexts recorded more than once. */
  duplicates: string[];
  /** Repositories whose results were recorded out of delivery order. */
  outOfOrder: string[];
}

/** Each status delivery stores one result; their ids show the order the worker processed them in. */
export async function checkResults(pool: pg.Pool, testcasePrefix: string): Promise<ResultsCheck> {
  const { rows } = await pool.query<{ repo_key: string; testcase: string }>("select repo_key, testcase from results where testcase like $1 order by id", [`${testcasePrefix}%`]);
  const seen = new Set<string>();
  const duplicates: string[] = [];
  const last = new Map<string, string>();
  const outOfOrder = new Set<string>();
  for (const { repo_key: repo, testcase } of rows) {
    const key = `${repo} ${testcase}`;
    if (seen.has(key)) duplicates.push(key);
    seen.add(key);
    if (testcase < (last.get(repo) ?? "")) outOfOrder.add(repo);
    last.set(repo, testcase);
  }
  return { results: rows.length, duplicates, outOfOrder: [...outOfOrder] };
}

/** Per repository: check runs named `checkName` on each head, and dispatches of `workflow`. */
export function countEffects(fake: FakeGitHub, repos: BenchRepo[], checkName: string, workflow: string): Array<{ repo: string; checkRuns: number; dispatches: number }> {
  return repos.map((r) => {
    const repo = fake.repo(r.owner, r.repo);
    return {
      repo: r.repo,
      checkRuns: repo.checkRuns.filter((run: any) => run.name === checkName).length,
      dispatches: repo.dispatches.filter((d: any) => d.workflow_id === workflow).length,
    };
  });
}

/** Racing lock requests for one build lock through every process; returns each answer's holder. */
export async function raceBoardLock(apps: RunningApp[], racers: number): Promise<{ holders: string[]; revisions: string[] }> {
  const revisions = Array.from({ length: racers }, (_, i) => `${String(i).padStart(2, "0")}`.repeat(20));
  const holders = await Promise.all(
    revisions.map(async (revision, i) => {
      const response = await fetch(`${apps[i % apps.length]!.url}/api/build/lock`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${REPLICA_TOKEN}` },
        body: JSON.stringify({ name: "deploy", repository: "https://git.example.com/bench/shared", revision }),
      });
      const body = (await response.json()) as { build_locked_by?: string };
      return `${response.status} ${body.build_locked_by ?? "none"}`;
    }),
  );
  return { holders, revisions };
}
