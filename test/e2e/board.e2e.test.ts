/**
 * End to end: the joakimk/pipeline scenarios against the real `npm start` process (dist/main.js),
 * driven the way CI scripts drive it (`curl -d name=... -d token=...`), with a local receiver for
 * the project webhook and the fake GitHub for mirrored commit statuses.
 *
 * Not here: the build-timeout display (61 vs 59 minutes). The spawned process reads the real
 * clock and BUILD_TIMEOUT_IN_MINUTES is at least 1, so it is table-tested in
 * test/core/board/display-revisions.test.ts instead.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { ADMIN_URL, createScratchDatabase, type ScratchDatabase } from "../../bench/support/postgres.js";
import { FakeGitHub, type FakeRepo } from "../fakes/fake-github.js";
import { describeNeeding, postgresProblem } from "../support/preconditions.js";
import { buildApp, githubAppEnv, root, startApp, waitFor, type RunningApp } from "./start-process.js";

const TOKEN = "e2e-board-token";
const REVISIONS_TO_KEEP = 12;

interface WebhookPayload {
  project_name: string;
  project_removed: boolean;
  latest_revisions: Array<{ hash: string; short_name: string; builds: Array<{ name: string; status: string }> }>;
}

/** A project-status webhook receiver: records every POST's raw body and its parsed `payload` field. */
class Receiver {
  readonly bodies: string[] = [];
  readonly payloads: WebhookPayload[] = [];
  private server: Server | undefined;
  url = "";

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let body = "";
      req.setEncoding("utf8");
      req.on("data", (chunk: string) => (body += chunk));
      req.on("end", () => {
        this.bodies.push(body);
        const raw = new URLSearchParams(body).get("payload");
        if (req.method === "POST" && raw !== null) this.payloads.push(JSON.parse(raw) as WebhookPayload);
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  /** The newest payload for the project, once it satisfies `ready` (the worker coalesces, so wait for the final state). */
  async latest(project: string, ready: (p: WebhookPayload) => boolean, describe?: () => string): Promise<WebhookPayload> {
    let found: WebhookPayload | undefined;
    await waitFor(() => {
      found = this.payloads.filter((p) => p.project_name === project).at(-1);
      return found !== undefined && ready(found);
    }, 10_000, () => `last payload for ${project}: ${JSON.stringify(found)}\n${describe?.() ?? ""}`);
    return found!;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}

/** A deterministic 40-hex revision. */
const sha = (seed: string | number) => createHash("sha1").update(String(seed)).digest("hex");

type Fields = Record<string, string>;

/** `curl -d k=v ...`: a form-encoded POST, with the token field unless the caller passes its own. */
async function post(base: string, path: string, fields: Fields, opts: { token?: string | null; bearer?: string; json?: boolean } = {}) {
  const body: Fields = { ...fields };
  if (opts.token !== null) body.token = opts.token ?? TOKEN;
  const headers: Record<string, string> = {
    "content-type": opts.json ? "application/json" : "application/x-www-form-urlencoded",
  };
  if (opts.bearer) headers.authorization = `Bearer ${opts.bearer}`;
  const res = await fetch(`${base}${path}`, { method: "POST", headers, body: opts.json ? JSON.stringify(body) : new URLSearchParams(body).toString() });
  const text = await res.text();
  return { status: res.status, text, json: () => JSON.parse(text) as Record<string, unknown> };
}

async function getHtml(base: string, path: string): Promise<{ status: number; html: string }> {
  const res = await fetch(`${base}${path}`);
  return { status: res.status, html: await res.text() };
}

/** The revision rows (`data-hash`) of a dashboard page, in page order. */
const revisionRows = (html: string) => [...html.matchAll(/class="revision" data-hash="([0-9a-f]{40})"/g)].map((m) => m[1]!);
/** The build boxes' statuses of one revision row. */
function boxesOf(html: string, hash: string): string[] {
  const start = html.indexOf(`data-hash="${hash}"`);
  if (start < 0) return [];
  const end = html.indexOf('class="revision"', start + 1);
  const row = html.slice(start, end < 0 ? undefined : end);
  return [...row.matchAll(/data-status="([a-z]+)"/g)].map((m) => m[1]!);
}

const fake = new FakeGitHub();
/** Probot's credentials for the fake GitHub (without them it serves its setup page instead). */
const githubEnv = () => githubAppEnv(fake, "e2e-board-secret");

beforeAll(async () => {
  buildApp();
  await fake.start();
}, 120_000);

afterAll(async () => {
  await fake.stop();
});

describe("the board against npm start", () => {
  const receiver = new Receiver();
  const owner = "octo-org";
  const repoName = "app";
  const installationId = 4343;
  let repo: FakeRepo;
  let app: RunningApp;
  let ghRepository: string;

  beforeAll(async () => {
    await receiver.start();
    repo = fake.addRepo({ owner, repo: repoName, defaultBranch: "main", installationId });
    ghRepository = `http://${fake.host}/${owner}/${repoName}`;
    app = await startApp({
      API_TOKEN: TOKEN,
      WEBHOOK_URL: receiver.url,
      BUILD_TIMEOUT_IN_MINUTES: "60",
      REVISIONS_TO_KEEP: String(REVISIONS_TO_KEEP),
      ...githubEnv(),
    });
  }, 120_000);

  afterAll(async () => {
    await app?.stop("SIGKILL");
    await receiver.stop();
  });

  it("creates a build, updates it in place, and refuses bad tokens and bad fields", async () => {
    const repository = "git@example.com:team/alpha.git";
    const revision = sha("alpha-1");
    const build = { name: "tests", repository, revision, status: "building", status_url: "https://ci.example.com/alpha/1" };
    const created = await post(app.url, "/api/build_status", build);
    expect(created.status).toBe(200);
    const updated = await post(app.url, "/api/build_status", { ...build, status: "successful" });
    expect(updated.status).toBe(200);

    // The project is named after the repository's last segment without .git; one build, updated.
    const payload = await receiver.latest("alpha", (p) => p.latest_revisions[0]?.builds[0]?.status === "successful", app.output);
    expect(payload.latest_revisions).toEqual([{ hash: revision, short_name: revision.slice(0, 5), builds: [{ name: "tests", status: "successful" }] }]);
    const page = await getHtml(app.url, "/projects/alpha");
    expect(page.status).toBe(200);
    expect(boxesOf(page.html, revision)).toEqual(["successful"]);

    // Missing or wrong token: 401, nothing recorded.
    const missing = await post(app.url, "/api/build_status", { ...build, name: "sneaky" }, { token: null });
    expect(missing.status).toBe(401);
    const wrong = await post(app.url, "/api/build_status", { ...build, name: "sneaky" }, { token: "not-the-token" });
    expect(wrong.status).toBe(401);
    const wrongBearer = await post(app.url, "/api/build_status", { ...build, name: "sneaky" }, { token: null, bearer: "nope" });
    expect(wrongBearer.status).toBe(401);

    // A JSON body with the token in it, and a Bearer header with a form body, are accepted too.
    const json = await post(app.url, "/api/build_status", { ...build, name: "lint", status: "failed" }, { json: true });
    expect(json.status).toBe(200);
    const bearer = await post(app.url, "/api/build_status", { ...build, name: "e2e" }, { token: null, bearer: TOKEN });
    expect(bearer.status).toBe(200);

    // Bad input: 422 naming the field.
    const badRevision = await post(app.url, "/api/build_status", { ...build, revision: "HEAD" });
    expect(badRevision.status).toBe(422);
    expect(badRevision.json()).toMatchObject({ field: "revision" });
    const badStatus = await post(app.url, "/api/build_status", { ...build, status: "exploded" });
    expect(badStatus.status).toBe(422);
    expect(badStatus.json()).toMatchObject({ field: "status" });
    const noName = await post(app.url, "/api/build_status", { repository, revision, status: "building" });
    expect(noName.status).toBe(422);
    expect(noName.json()).toMatchObject({ field: "name" });
    const scriptUrl = await post(app.url, "/api/build_status", { ...build, status_url: "javascript:alert(1)" });
    expect(scriptUrl.status).toBe(422);
    expect(scriptUrl.json()).toMatchObject({ field: "status_url" });

    const final = await receiver.latest("alpha", (p) => (p.latest_revisions[0]?.builds.length ?? 0) === 3);
    expect(final.latest_revisions[0]!.builds).toEqual(
      expect.arrayContaining([
        { name: "tests", status: "successful" },
        { name: "lint", status: "failed" },
        { name: "e2e", status: "building" },
      ]),
    );
    expect(final.latest_revisions[0]!.builds.map((b) => b.name)).not.toContain("sneaky");
  });

  it("sends at most 10 revisions with 5-character short names and no status_url, and prunes to REVISIONS_TO_KEEP", async () => {
    const repository = "https://git.example.com/team/beta.git";
    const hashes = Array.from({ length: 15 }, (_, i) => sha(`beta-${i}`));
    for (const [i, revision] of hashes.entries()) {
      for (const name of ["unit", "deploy"]) {
        const res = await post(app.url, "/api/build_status", { name, repository, revision, status: "successful", status_url: `https://ci.example.com/beta/${i}/${name}` });
        expect(res.status).toBe(200);
      }
    }
    const newest = hashes.at(-1)!;
    const payload = await receiver.latest("beta", (p) => p.latest_revisions[0]?.hash === newest && p.latest_revisions[0].builds.length === 2, app.output);
    expect(payload.project_removed).toBe(false);
    expect(payload.latest_revisions).toHaveLength(10);
    expect(payload.latest_revisions.map((r) => r.hash)).toEqual(hashes.slice(-10).reverse());
    for (const revision of payload.latest_revisions) {
      expect(revision.short_name).toHaveLength(5);
      expect(revision.short_name).toBe(revision.hash.slice(0, 5));
      expect(revision.builds).toEqual([
        { name: "unit", status: "successful" },
        { name: "deploy", status: "successful" },
      ]);
    }
    // status_url is never sent, in any delivery, under any spelling.
    for (const body of receiver.bodies) {
      const text = decodeURIComponent(body.replace(/\+/g, " "));
      expect(text).not.toMatch(/status_?url/i);
      expect(text).not.toContain("ci.example.com");
    }

    // Pruning, seen on the project page (asking for more rows than are kept).
    const page = await getHtml(app.url, "/projects/beta?revisions=50");
    expect(page.status).toBe(200);
    expect(revisionRows(page.html)).toEqual(hashes.slice(-REVISIONS_TO_KEEP).reverse());
    // The index shows 2 revisions per project.
    const index = await getHtml(app.url, "/");
    expect(index.status).toBe(200);
    const section = index.html.slice(index.html.indexOf('data-project="beta"'));
    expect(revisionRows(section.slice(0, section.indexOf("</section>")))).toEqual(hashes.slice(-2).reverse());
  });

  it("shows a failed build as fixed once a newer revision of the same build succeeds", async () => {
    const repository = "https://git.example.com/team/gamma";
    const [old, mid, fresh] = [sha("gamma-old"), sha("gamma-mid"), sha("gamma-new")];
    expect((await post(app.url, "/api/build_status", { name: "unit", repository, revision: old, status: "failed" })).status).toBe(200);
    expect((await post(app.url, "/api/build_status", { name: "lint", repository, revision: mid, status: "failed" })).status).toBe(200);
    expect((await post(app.url, "/api/build_status", { name: "unit", repository, revision: fresh, status: "successful" })).status).toBe(200);
    const payload = await receiver.latest("gamma", (p) => p.latest_revisions.length === 3 && p.latest_revisions[0]?.builds[0]?.status === "successful", app.output);
    expect(payload.latest_revisions.map((r) => [r.hash, r.builds])).toEqual([
      [fresh, [{ name: "unit", status: "successful" }]],
      [mid, [{ name: "lint", status: "failed" }]], // no newer successful "lint": still failed
      [old, [{ name: "unit", status: "fixed" }]],
    ]);
    const page = await getHtml(app.url, "/projects/gamma");
    expect(boxesOf(page.html, old)).toEqual(["fixed"]);
    expect(boxesOf(page.html, mid)).toEqual(["failed"]);

    // Removing the project: 200 ok, a final "removed" webhook, then 404.
    const removed = await fetch(`${app.url}/api/projects/gamma?token=${TOKEN}`, { method: "DELETE" });
    expect(removed.status).toBe(200);
    expect(await removed.text()).toBe("ok");
    const gone = await receiver.latest("gamma", (p) => p.project_removed);
    expect(gone.latest_revisions).toEqual([]);
    expect((await fetch(`${app.url}/api/projects/gamma`, { method: "DELETE", headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
    expect((await getHtml(app.url, "/projects/gamma")).status).toBe(404);
  });

  it("runs the lock sequence: only the holder renews or unlocks", async () => {
    const lockFields = (revision: string) => ({ name: "deploy", repository: "https://git.example.com/team/delta", revision });
    const holder = async (path: "lock" | "unlock", revision: string) => {
      const res = await post(app.url, `/api/build/${path}`, lockFields(revision));
      expect(res.status).toBe(200);
      const body = res.json();
      expect(body.build_locked_by).toBe(body.locked_by_revision);
      return body.build_locked_by;
    };
    const [a, b] = [sha("delta-a"), sha("delta-b")];
    expect(await holder("lock", a)).toBe(a);
    expect(await holder("lock", b)).toBe(a);
    expect(await holder("unlock", b)).toBe(a);
    expect(await holder("unlock", a)).toBeNull();
    expect(await holder("lock", b)).toBe(b);
    // joakimk's own clients lock with arbitrary revision names.
    expect(await holder("unlock", b)).toBeNull();
    expect(await holder("lock", "old_revision")).toBe("old_revision");
    expect(await holder("lock", "new_revision")).toBe("old_revision");
    const noToken = await post(app.url, "/api/build/lock", lockFields(a), { token: null });
    expect(noToken.status).toBe(401);
    const noName = await post(app.url, "/api/build/lock", { repository: "x", revision: a });
    expect(noName.status).toBe(422);
    expect(noName.json()).toMatchObject({ field: "name" });
  });

  it("mirrors a build on an installed GitHub repository as a commit status", async () => {
    const revision = repo.commit("main", { message: "board e2e", files: { "README.md": "board\n" } });
    const statusUrl = "https://ci.example.com/app/7";
    expect((await post(app.url, "/api/build_status", { name: "ci/unit", repository: ghRepository, revision, status: "building", status_url: statusUrl })).status).toBe(200);
    await waitFor(() => repo.statuses.some((s) => s.sha === revision && s.context === "ci/unit"), 10_000, app.output);
    expect((await post(app.url, "/api/build_status", { name: "ci/unit", repository: ghRepository, revision, status: "successful", status_url: statusUrl })).status).toBe(200);
    await waitFor(() => repo.statuses.some((s) => s.sha === revision && s.context === "ci/unit" && s.state === "success"), 10_000, app.output);
    const mine = repo.statuses.filter((s) => s.sha === revision && s.context === "ci/unit");
    expect(mine[0]).toMatchObject({ state: "pending", target_url: statusUrl });
    expect(mine.at(-1)).toMatchObject({ state: "success", target_url: statusUrl });
    // A repository on a host that is not GitHub's is never sent to GitHub.
    const before = fake.calls.length;
    expect((await post(app.url, "/api/build_status", { name: "ci/unit", repository: `https://gitlab.example.com/${owner}/${repoName}`, revision, status: "failed" })).status).toBe(200);
    await receiver.latest(repoName, (p) => p.latest_revisions[0]?.builds[0]?.status === "failed");
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.calls.slice(before).filter((c) => c.path.includes("/statuses/"))).toHaveLength(0);
    fake.assertNoViolations();
  });

  it("accepts hostile names, escapes them in the HTML and sends them verbatim in the webhook", async () => {
    const hostile = "<script>alert(1)</script>";
    const hostileProject = `<img src=x onerror=alert(1)>`;
    const repository = `https://git.example.com/team/${hostileProject}`;
    const revision = sha("hostile");
    const res = await post(app.url, "/api/build_status", { name: hostile, repository, revision, status: "failed", status_url: "https://ci.example.com/?q=<b>&x=\"'" });
    expect(res.status).toBe(200);
    const payload = await receiver.latest(hostileProject, (p) => p.latest_revisions.length === 1, app.output);
    expect(payload.project_name).toBe(hostileProject);
    expect(payload.latest_revisions[0]!.builds).toEqual([{ name: hostile, status: "failed" }]);

    for (const path of ["/", `/projects/${encodeURIComponent(hostileProject)}`]) {
      const page = await getHtml(app.url, path);
      expect(page.status).toBe(200);
      expect(page.html).not.toContain(hostile);
      expect(page.html).not.toContain(hostileProject);
      expect(page.html).not.toMatch(/<img[^>]*onerror/i);
      expect(page.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
      expect(page.html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    }
  });

  it("takes a report from the CLI with GitHub Actions' environment", async () => {
    const revision = repo.commit("main", { message: "cli e2e", files: { "cli.txt": "cli\n" } });
    const cli = spawn(process.execPath, [join(root, "dist/cli/main.js"), "report", "--name", "unit", "--status", "building"], {
      env: {
        PATH: process.env.PATH ?? "",
        SIGNALBOX_URL: app.url,
        SIGNALBOX_TOKEN: TOKEN,
        GITHUB_ACTIONS: "true",
        GITHUB_SHA: revision,
        GITHUB_SERVER_URL: `http://${fake.host}`,
        GITHUB_REPOSITORY: `${owner}/${repoName}`,
        GITHUB_RUN_ID: "987654",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    cli.stdout.on("data", (c) => (output += c));
    cli.stderr.on("data", (c) => (output += c));
    const code = await new Promise<number | null>((resolve) => cli.on("exit", resolve));
    expect({ code, output }).toMatchObject({ code: 0 });

    const payload = await receiver.latest(repoName, (p) => p.latest_revisions[0]?.hash === revision, app.output);
    expect(payload.latest_revisions[0]!.builds).toEqual([{ name: "unit", status: "building" }]);
    // Same repository string as the Actions run's URL: it is mirrored to the fake GitHub too.
    await waitFor(() => repo.statuses.some((s) => s.sha === revision && s.context === "unit"), 10_000, app.output);
    expect(repo.statuses.find((s) => s.sha === revision && s.context === "unit")).toMatchObject({
      state: "pending",
      target_url: `http://${fake.host}/${owner}/${repoName}/actions/runs/987654`,
    });
    fake.assertNoViolations();
  });
});

describeNeeding(await postgresProblem(ADMIN_URL), "build locks with two app processes on one PostgreSQL", () => {
  let database: ScratchDatabase | undefined;
  let apps: RunningApp[] = [];

  beforeAll(async () => {
    database = await createScratchDatabase("signalbox_e2e");
    const env = { API_TOKEN: TOKEN, DATABASE_URL: database.url, ...githubEnv() };
    // The second process starts while the first migrates: both must come up. Keep whichever
    // started, so afterAll stops it even when the other did not.
    const started = await Promise.allSettled([startApp(env), startApp(env)]);
    apps = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
    const failed = started.find((s) => s.status === "rejected");
    if (failed) throw failed.reason;
  }, 120_000);

  afterAll(async () => {
    await Promise.all(apps.map((a) => a.stop("SIGKILL")));
    await database?.drop();
  });

  it("agrees on the holder across processes", async () => {
    const [one, two] = apps as [RunningApp, RunningApp];
    expect((await (await fetch(`${one.url}/readyz`)).json())).toMatchObject({ engine: "postgres" });
    const fields = (revision: string) => ({ name: "deploy", repository: "https://git.example.com/team/shared", revision });
    const [a, b] = [sha("pg-a"), sha("pg-b")];
    const holderVia = async (app: RunningApp, path: "lock" | "unlock", revision: string) => {
      const res = await post(app.url, `/api/build/${path}`, fields(revision));
      expect(res.status).toBe(200);
      return res.json().build_locked_by;
    };
    expect(await holderVia(one, "lock", a)).toBe(a);
    expect(await holderVia(two, "lock", b)).toBe(a);
    expect(await holderVia(two, "unlock", b)).toBe(a);
    expect(await holderVia(one, "lock", b)).toBe(a);
    expect(await holderVia(two, "unlock", a)).toBeNull();
    expect(await holderVia(two, "lock", b)).toBe(b);
    expect(await holderVia(one, "lock", a)).toBe(b);

    // Racing lock calls through both processes: exactly one revision wins, and both report it.
    expect(await holderVia(one, "unlock", b)).toBeNull();
    const racers = Array.from({ length: 10 }, (_, i) => sha(`pg-race-${i}`));
    const answers = await Promise.all(racers.map((r, i) => holderVia(i % 2 === 0 ? one : two, "lock", r)));
    expect(new Set(answers).size).toBe(1);
    expect(racers).toContain(answers[0]);

    // A build reported through one process is on the other's dashboard.
    const revision = sha("pg-build");
    expect((await post(two.url, "/api/build_status", { name: "unit", repository: "https://git.example.com/team/shared", revision, status: "successful" })).status).toBe(200);
    const page = await getHtml(one.url, "/projects/shared");
    expect(boxesOf(page.html, revision)).toEqual(["successful"]);
  });
});
