/**
 * Board figures on PostgreSQL with 1,000 projects × 500 revisions × 5 builds (2.5M builds), each
 * as a ratio to a bare `SELECT 1` round trip through `pg` measured in the same run:
 *  - the index page (GET /, every project with its 2 newest revisions): render time p50/p95;
 *  - a project page (GET /projects/:name, 15 revisions): p50/p95, for scale;
 *  - POST /api/build_status throughput with a few concurrent clients (each report is a new
 *    revision of a random project, so every one also prunes the project back to 500 revisions).
 *
 * The app is the real `npm start` process (dist/main.js, built first) on a fresh database that
 * this bench creates, seeds with set-based SQL and drops. Needs PostgreSQL: BENCH_DATABASE_URL,
 * else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test (used only to create the
 * bench database). `npm run bench -- board`.
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import pg from "pg";
import { createStore } from "../src/store/create-store.js";
import { buildApp, startApp, type RunningApp } from "../test/e2e/start-process.js";

const PROJECTS = 1_000;
const REVISIONS = 500;
const BUILDS = ["unit", "lint", "integration", "e2e", "deploy"] as const;
const PAGE_REQUESTS = 50;
const BASELINE_REQUESTS = 2_000;
const CONCURRENCY = 4;
const THROUGHPUT_MS = 10_000;
const TOKEN = "bench-token";

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

const repositoryOf = (i: number) => `https://git.example.com/bench/project-${String(i).padStart(4, "0")}`;

export default async function run(): Promise<void> {
  const database = `signalbox_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
    await admin.query(`create database ${database}`);
  } catch (error) {
    console.log(`PostgreSQL at ${ADMIN_URL} does not answer (${(error as Error).message}): board bench skipped.`);
    await admin.end().catch(() => undefined);
    return;
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  const databaseUrl = url.href;
  let app: RunningApp | undefined;
  const pool = new pg.Pool({ connectionString: databaseUrl, max: CONCURRENCY });
  try {
    await seed(databaseUrl);
    console.log("building dist/ (npm run build) ...");
    buildApp();
    app = await startApp({ DATABASE_URL: databaseUrl, API_TOKEN: TOKEN, LOG_LEVEL: "warn", ...probotCredentials() });
    await report(pool, app);
  } finally {
    await app?.stop("SIGTERM");
    await pool.end();
    await admin.query(`drop database if exists ${database} with (force)`).catch((error: unknown) => console.log(`could not drop ${database}: ${String(error)}`));
    await admin.end();
  }
}

/** Creates the tables with the store's own migrations, then fills them with three INSERT ... SELECTs. */
async function seed(databaseUrl: string): Promise<void> {
  const store = await createStore({ databaseUrl });
  await store.close();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const started = Date.now();
    // Rows are consistent by construction: skip per-row foreign-key triggers and fsync waits.
    await client.query("set session_replication_role = replica");
    await client.query("set synchronous_commit = off");
    await client.query(
      `insert into board_projects (name, repository, position, mappings, created_at)
       select 'project-' || lpad(p::text, 4, '0'), $1 || lpad(p::text, 4, '0'), 0, '[]'::jsonb, now() - interval '1 year'
       from generate_series(1, $2::int) p order by p`,
      ["https://git.example.com/bench/project-", PROJECTS],
    );
    // Ids grow with g inside a project, so the newest revision has the highest id, as in real use.
    await client.query(
      `insert into board_revisions (project_id, hash, created_at)
       select p.id, md5(p.id || ':' || g) || left(md5(g || ':' || p.id), 8), now() - (($1::int - g) * interval '20 minutes')
       from board_projects p cross join generate_series(1, $1::int) g
       order by p.id, g`,
      [REVISIONS],
    );
    // Mostly successful, some failed (so "fixed" is computed), and the newest revision still building.
    await client.query(
      `insert into board_builds (revision_id, name, status, status_url, created_at, updated_at)
       select r.id, (array[${BUILDS.map((b) => `'${b}'`).join(",")}])[b],
              case when r.rn = 1 then 'building' when (r.id + b) % 17 = 0 then 'failed' else 'successful' end,
              'https://ci.example.com/' || r.id || '/' || b,
              r.created_at, r.created_at + (b * interval '3 minutes')
       from (select id, created_at, row_number() over (partition by project_id order by id desc) as rn from board_revisions) r
       cross join generate_series(1, ${BUILDS.length}) b
       order by r.id, b`,
    );
    await client.query("set session_replication_role = origin");
    await client.query("analyze board_projects, board_revisions, board_builds");
    const { rows } = await client.query<{ projects: string; revisions: string; builds: string }>(
      `select (select count(*) from board_projects) projects, (select count(*) from board_revisions) revisions, (select count(*) from board_builds) builds`,
    );
    const counts = rows[0]!;
    console.log(`seeded ${counts.projects} projects, ${counts.revisions} revisions, ${counts.builds} builds in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await client.end();
  }
}

/** Probot starts its setup page without an app id and key; any well-formed ones will do (the bench never calls GitHub). */
function probotCredentials(): Record<string, string> {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
  return { APP_ID: "12345", PRIVATE_KEY: privateKey, WEBHOOK_SECRET: "bench" };
}

interface Latency {
  p50: number;
  p95: number;
  n: number;
}

interface Throughput {
  perSecond: number;
  count: number;
  errors: number;
  latency: Latency;
}

async function report(pool: pg.Pool, app: RunningApp): Promise<void> {
  // Warm-up: open the pool's connections, JIT both sides, fill PostgreSQL's caches.
  await Promise.all(Array.from({ length: CONCURRENCY }, () => pool.query("select 1")));
  for (let i = 0; i < 3; i++) await getPage(app.url, "/");
  for (let i = 0; i < 20; i++) await getPage(app.url, "/projects/project-0500");

  const selectLatency = await sequential(BASELINE_REQUESTS, () => pool.query("select 1").then(() => undefined));
  const selectThroughput = await concurrent(THROUGHPUT_MS, () => pool.query("select 1").then(() => true));

  let indexBytes = 0;
  const index = await sequential(PAGE_REQUESTS, async () => {
    indexBytes = await getPage(app.url, "/");
  });
  let projectBytes = 0;
  const project = await sequential(PAGE_REQUESTS, async () => {
    projectBytes = await getPage(app.url, `/projects/project-${String(1 + Math.floor(Math.random() * PROJECTS)).padStart(4, "0")}`);
  });
  const posts = await concurrent(THROUGHPUT_MS, postBuild(app.url));

  const ms = (v: number) => `${v.toFixed(2)} ms`;
  const ratio = (v: number) => `${v.toFixed(1)}x`;
  console.log(`PostgreSQL, ${PROJECTS} projects × ${REVISIONS} revisions × ${BUILDS.length} builds; app = node dist/main.js; ${CONCURRENCY} concurrent clients`);
  console.log(`  baseline SELECT 1 round trip:  p50 ${ms(selectLatency.p50)}, p95 ${ms(selectLatency.p95)} (n=${selectLatency.n}); ${selectThroughput.perSecond.toFixed(0)}/s with ${CONCURRENCY} clients`);
  console.log(`  GET / (index, ${(indexBytes / 1024).toFixed(0)} kB):     p50 ${ms(index.p50)} = ${ratio(index.p50 / selectLatency.p50)}, p95 ${ms(index.p95)} = ${ratio(index.p95 / selectLatency.p95)} SELECT 1 (n=${index.n})`);
  console.log(`  GET /projects/:name (${(projectBytes / 1024).toFixed(0)} kB): p50 ${ms(project.p50)} = ${ratio(project.p50 / selectLatency.p50)}, p95 ${ms(project.p95)} = ${ratio(project.p95 / selectLatency.p95)} SELECT 1 (n=${project.n})`);
  console.log(
    `  POST /api/build_status:        ${posts.perSecond.toFixed(0)}/s = ${(posts.perSecond / selectThroughput.perSecond).toFixed(4)} of SELECT 1's rate (1 : ${(selectThroughput.perSecond / posts.perSecond).toFixed(0)}); ` +
      `latency p50 ${ms(posts.latency.p50)}, p95 ${ms(posts.latency.p95)}; ${posts.count} reports, ${posts.errors} errors`,
  );
  console.log("\n| figure | value | SELECT 1 baseline | ratio |");
  console.log("|---|---|---|---|");
  console.log(`| GET / p50 | ${ms(index.p50)} | ${ms(selectLatency.p50)} | ${ratio(index.p50 / selectLatency.p50)} |`);
  console.log(`| GET / p95 | ${ms(index.p95)} | ${ms(selectLatency.p95)} | ${ratio(index.p95 / selectLatency.p95)} |`);
  console.log(`| GET /projects/:name p50 | ${ms(project.p50)} | ${ms(selectLatency.p50)} | ${ratio(project.p50 / selectLatency.p50)} |`);
  console.log(`| GET /projects/:name p95 | ${ms(project.p95)} | ${ms(selectLatency.p95)} | ${ratio(project.p95 / selectLatency.p95)} |`);
  console.log(`| POST /api/build_status throughput (${CONCURRENCY} clients) | ${posts.perSecond.toFixed(0)}/s | ${selectThroughput.perSecond.toFixed(0)}/s | ${(posts.perSecond / selectThroughput.perSecond).toFixed(4)} (1 : ${(selectThroughput.perSecond / posts.perSecond).toFixed(0)}) |`);
  console.log(`| POST /api/build_status p95 latency | ${ms(posts.latency.p95)} | ${ms(selectLatency.p95)} | ${ratio(posts.latency.p95 / selectLatency.p95)} |`);
}

async function getPage(base: string, path: string): Promise<number> {
  const res = await fetch(`${base}${path}`);
  const body = await res.text();
  if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${body.slice(0, 200)}`);
  return body.length;
}

/** One report, the way CI scripts send it (form-encoded): a new revision of a random project. */
function postBuild(base: string): () => Promise<boolean> {
  return async () => {
    const project = 1 + Math.floor(Math.random() * PROJECTS);
    const body = new URLSearchParams({
      token: TOKEN,
      name: BUILDS[Math.floor(Math.random() * BUILDS.length)]!,
      repository: repositoryOf(project),
      revision: randomBytes(20).toString("hex"),
      status: "building",
      status_url: `https://ci.example.com/bench/${project}`,
    });
    const res = await fetch(`${base}/api/build_status`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: body.toString() });
    await res.arrayBuffer();
    return res.status === 200;
  };
}

async function sequential(count: number, fn: () => Promise<unknown>): Promise<Latency> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return latencyOf(times);
}

/** CONCURRENCY loops calling fn back to back for durationMs; fn answers whether the call succeeded. */
async function concurrent(durationMs: number, fn: () => Promise<boolean>): Promise<Throughput> {
  const times: number[] = [];
  let errors = 0;
  const started = Date.now();
  const deadline = started + durationMs;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < deadline) {
        const start = process.hrtime.bigint();
        const ok = await fn().catch(() => false);
        times.push(Number(process.hrtime.bigint() - start) / 1e6);
        if (!ok) errors++;
      }
    }),
  );
  const elapsed = (Date.now() - started) / 1000;
  return { perSecond: (times.length - errors) / elapsed, count: times.length, errors, latency: latencyOf(times) };
}

function latencyOf(times: number[]): Latency {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
  return { p50: at(0.5), p95: at(0.95), n: sorted.length };
}
