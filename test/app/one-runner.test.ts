/**
 * Every write goes through the one effects runner: the board's mirrored commit status, the
 * train's merges and tags, check runs. Each is counted by kind, and what the runner records is
 * stamped with the app's clock (retention prunes the effect log by it), never the wall clock.
 */
import { FakeGitHub } from "../fakes/fake-github.js";
import { mergePushPayload } from "../support/payloads.js";
import { parsePrometheusText, sampleValue } from "../support/prometheus-text.js";
import { createTestApp, type TestApp } from "../support/test-app.js";

const repoRef = { owner: "octo-org", repo: "shop", installationId: 51 };
const TOKEN = "board-token";
const START = new Date("2026-01-05T10:00:00Z");

describe("one effects runner", () => {
  const fake = new FakeGitHub();
  let app: TestApp;
  let base: string;
  let repo: ReturnType<FakeGitHub["addRepo"]>;
  let clock: Date;

  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  beforeEach(async () => {
    fake.reset();
    process.env.GHE_HOST = new URL(fake.url).host; // the fake's repositories are GitHub repositories
    clock = START;
    app = await createTestApp(fake, { now: () => clock, env: { API_TOKEN: TOKEN } });
    base = await app.listen();
    repo = fake.addRepo({ ...repoRef, defaultBranch: "main" });
  });
  afterEach(async () => {
    delete process.env.GHE_HOST;
    await app.close();
    fake.assertNoViolations();
  });

  const effectsCounted = async () =>
    parsePrometheusText(await app.signalbox.metrics!.render()).filter((s) => s.name === "signalbox_effects_total");

  async function mergePr(file: string): Promise<void> {
    const before = repo.sha("main");
    repo.branch(`pr-${file}`);
    repo.commit(`pr-${file}`, { files: { [file]: file } });
    const after = repo.mergePull(repo.addPull({ head: `pr-${file}`, title: file, user: "author" }).number);
    await app.receive("push", mergePushPayload(repoRef, before, after, [file]));
  }

  it("counts the board's mirrored commit status as an effect the runner applied", async () => {
    repo.commit("main", { files: { ".github/signalbox.yml": "gates:\n  staging:\n    require: [unit]\n" } });
    const answer = await fetch(`${base}/api/build_status`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: TOKEN, name: "unit", repository: `http://${process.env.GHE_HOST}/octo-org/shop`, revision: repo.sha("main"), status: "successful" }),
    });
    expect(answer.status).toBe(200);
    await app.signalbox.boardWorker!.drain();
    await app.signalbox.worker!.drain();

    expect(repo.statuses).toEqual([expect.objectContaining({ context: "unit", state: "success" })]);
    const samples = await effectsCounted();
    expect(sampleValue(samples, "signalbox_effects_total", { kind: "setCommitStatus", outcome: "applied" })).toBe(1);
    expect(sampleValue(samples, "signalbox_effects_total", { kind: "upsertCheckRun", outcome: "applied" })).toBeGreaterThanOrEqual(1);
  });

  it("counts the train's writes by kind; a retried entry replays the answers recorded, writing only what failed", async () => {
    repo.commit("main", { files: { ".github/signalbox.yml": "train:\n  branch: release\n" } });
    repo.branch("release");
    fake.faults.inject({ method: "POST", path: /\/git\/refs$/, kind: "status", status: 502 });
    await mergePr("a.txt");
    for (let step = 0; step < 60 && (await app.store.journal.pendingCount()) > 0; step++) {
      clock = new Date(clock.getTime() + 1000);
      await app.signalbox.worker!.drain();
    }

    expect(repo.tags.map((t) => t.name)).toEqual(["test-2026.01.05-1"]);
    const samples = await effectsCounted();
    const count = (kind: string, outcome: string) => sampleValue(samples, "signalbox_effects_total", { kind, outcome });
    expect([count("mergeBranch", "applied"), count("mergeBranch", "replayed")]).toEqual([1, 1]);
    expect([count("createTag", "failed"), count("createTag", "applied")]).toEqual([1, 1]);
  });

  it("stamps the train's recorded decisions and writes with the app's clock", async () => {
    repo.commit("main", { files: { ".github/signalbox.yml": "train:\n  branch: release\n" } });
    await mergePr("a.txt");
    const rows = await app.store.db.selectFrom("effects").select(["key", "kind", "applied_at"]).where("key", "like", "%:train:%").execute();
    expect(rows.map((r) => r.kind)).toEqual(expect.arrayContaining(["trainDecision", "mergeBranch", "createBranch"]));
    for (const row of rows) expect({ key: row.key, at: new Date(row.applied_at as string | Date).toISOString() }).toEqual({ key: row.key, at: START.toISOString() });
  });
});
