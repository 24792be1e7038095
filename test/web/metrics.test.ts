/**
 * GET /metrics through the app: webhooks delivered through Probot against the fake GitHub, then
 * a scrape, read the way Prometheus reads it.
 */
import { FakeGitHub } from "../fakes/fake-github.js";
import { buildWebhook } from "../fakes/webhooks.js";
import { storeEngines } from "../store/engines.js";
import { buttonPayload, mergePushPayload } from "../support/payloads.js";
import { parsePrometheusText, sampleValue, type Sample } from "../support/prometheus-text.js";
import { createTestApp, type TestApp, type TestAppOptions } from "../support/test-app.js";
import { pullRequestWebhook } from "../support/seed-repo.js";

const repoRef = { owner: "octo-org", repo: "metered", installationId: 51 };
const lanes = await storeEngines("metrics");

describe("GET /metrics", () => {
  const fake = new FakeGitHub();
  let app: TestApp;
  let base: string;
  let clock: Date;
  let repo: ReturnType<FakeGitHub["addRepo"]>;

  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  async function start(options: TestAppOptions = {}) {
    app = await createTestApp(fake, { now: () => clock, ...options });
    base = await app.listen();
  }
  beforeEach(() => {
    fake.reset();
    clock = new Date("2026-11-22T10:00:00Z");
    repo = fake.addRepo({ ...repoRef, defaultBranch: "main" });
    repo.setPermission("maintainer", "write");
  });
  afterEach(async () => {
    await app.close();
    fake.assertNoViolations();
  });

  async function scrape(headers: Record<string, string> = {}): Promise<Sample[]> {
    const res = await fetch(`${base}/metrics`, { headers });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    return parsePrometheusText(await res.text());
  }

  /** A push to main changing the config: signalbox checks it and writes a check run. */
  function configPush(text: string) {
    const before = repo.sha("main");
    const after = repo.commit("main", { files: { ".github/signalbox.yml": text } });
    return mergePushPayload(repoRef, before, after, [".github/signalbox.yml"]);
  }

  const star = () => buildWebhook("star", "created", { repo: repoRef });
  const status = (sha: string, context: string, state: string) =>
    buildWebhook("status", undefined, { repo: repoRef, patch: (p: any) => Object.assign(p, { sha, context, state, target_url: "https://ci.example/1", sender: { ...p.sender, login: "ci", type: "User" } }) });

  it("counts deliveries by event and outcome, their processing time, and the GitHub requests behind them", async () => {
    await start();
    const push = configPush("pipelines: {}\n");
    await app.receive("push", push, "push-1");
    await app.receive("push", push, "push-1"); // GitHub redelivering it
    await app.receive("star", star(), "star-1");
    const samples = await scrape();

    expect(sampleValue(samples, "signalbox_deliveries_total", { event: "push", outcome: "done" })).toBe(1);
    expect(sampleValue(samples, "signalbox_deliveries_total", { event: "push", outcome: "duplicate" })).toBe(1);
    expect(sampleValue(samples, "signalbox_deliveries_total", { event: "star", outcome: "ignored" })).toBe(1);
    expect(sampleValue(samples, "signalbox_processing_seconds_count", { event: "push" })).toBe(1);
    expect(sampleValue(samples, "signalbox_processing_seconds_bucket", { event: "push", le: "+Inf" })).toBe(1);
    // The check run's write, with its route templated and the fake's answer.
    const written = fake.calls.filter((c: any) => c.method === "POST" && c.path.endsWith("/check-runs")).length;
    expect(written).toBe(1);
    expect(sampleValue(samples, "signalbox_github_requests_total", { method: "POST", route: "/repos/{owner}/{repo}/check-runs", status: "201" })).toBe(written);
    expect(sampleValue(samples, "signalbox_github_rate_limit_remaining")).toBe(4999); // what the fake GitHub reports
    expect(sampleValue(samples, "signalbox_journal_pending")).toBe(0);
    expect(sampleValue(samples, "process_resident_memory_bytes")).toBeGreaterThan(0);
  });

  it("never puts a repository, an id or a sha into a label", async () => {
    await start();
    await app.receive("push", configPush("pipelines: {}\n"));
    const values = (await scrape()).filter((s) => s.name.startsWith("signalbox_")).flatMap((s) => Object.values(s.labels));
    expect(values.length).toBeGreaterThan(0);
    expect(values.filter((v) => /octo-org|metered|\b\d{2,}\b|[0-9a-f]{40}/.test(v) && !/^\d+(\.\d+)?$/.test(v))).toEqual([]);
  });

  it("counts a retried attempt, the failed request that caused it, and the attempt that finished", async () => {
    await start();
    fake.faults.inject({ method: "POST", path: /check-runs$/, times: 1, kind: "status", status: 502 });
    await app.receive("push", configPush("pipelines: {}\n"), "flaky");
    clock = new Date(clock.getTime() + 60_000); // the retry is due
    await app.signalbox.worker!.drain();
    const samples = await scrape();
    expect(sampleValue(samples, "signalbox_deliveries_total", { event: "push", outcome: "retried" })).toBe(1);
    expect(sampleValue(samples, "signalbox_deliveries_total", { event: "push", outcome: "done" })).toBe(1);
    expect(sampleValue(samples, "signalbox_processing_seconds_count", { event: "push" })).toBe(2);
    expect(sampleValue(samples, "signalbox_github_requests_total", { method: "POST", route: "/repos/{owner}/{repo}/check-runs", status: "502" })).toBe(1);
  });

  it("counts an entry that fails for good", async () => {
    await start();
    fake.faults.inject({ method: "POST", path: /check-runs$/, times: 1, kind: "status", status: 422 });
    await app.receive("push", configPush("pipelines: {}\n"), "refused");
    expect((await app.store.journal.get("refused"))?.state).toBe("failed");
    const samples = await scrape();
    expect(sampleValue(samples, "signalbox_deliveries_total", { event: "push", outcome: "failed" })).toBe(1);
    expect(sampleValue(samples, "signalbox_deliveries_total", { event: "push", outcome: "done" })).toBeUndefined();
  });

  it("records the lowest rate-limit budget GitHub reported", async () => {
    await start();
    fake.faults.inject({ method: "POST", path: /check-runs$/, times: 1, kind: "rateLimit", retryAfter: 30 });
    await app.receive("push", configPush("pipelines: {}\n"), "limited");
    const samples = await scrape();
    expect(sampleValue(samples, "signalbox_github_rate_limit_remaining")).toBe(4998); // the fault's answer
    expect(sampleValue(samples, "signalbox_deliveries_total", { event: "push", outcome: "retried" })).toBe(1);
  });

  it("counts finished pipeline runs by trigger and conclusion, and gate decisions", async () => {
    repo.commit("main", {
      files: {
        ".github/signalbox.yml": "pipelines:\n  unit:\n    on: { label: run-unit }\n    jobs:\n      tests: { status: ci/unit }\ngates:\n  merge: { require: [unit] }\n",
      },
    });
    repo.branch("feature");
    const sha = repo.commit("feature", { files: { "a.txt": "a" } });
    const pull = repo.addPull({ head: "feature", user: "contributor" });
    await start();
    await app.receive("pull_request", pullRequestWebhook("labeled", repoRef, { number: pull.number, headSha: sha, label: "run-unit" }));
    let samples = await scrape();
    expect(sampleValue(samples, "signalbox_pipeline_runs_total", { trigger: "label", conclusion: "success" })).toBeUndefined();

    await app.receive("status", status(sha, "ci/unit", "success"));
    await app.receive("status", status(sha, "ci/unit", "success")); // the same result again: the run finished once
    samples = await scrape();
    expect(repo.checkRuns.find((r: any) => r.name === "signalbox/unit")).toMatchObject({ conclusion: "success" });
    expect(sampleValue(samples, "signalbox_pipeline_runs_total", { trigger: "label", conclusion: "success" })).toBe(1);
    expect(repo.checkRuns.find((r: any) => r.name === "signalbox/gate:merge")).toMatchObject({ conclusion: "success" });
    expect(sampleValue(samples, "signalbox_gate_decisions_total", { outcome: "passed" })).toBeGreaterThanOrEqual(1);
    expect(sampleValue(samples, "signalbox_gate_decisions_total", { outcome: "failed" })).toBeUndefined();
  });

  it("counts the release train's steps: merge, branch, tag, release and promote", async () => {
    repo.commit("main", { files: { ".github/signalbox.yml": "train:\n  branch: release\n" } });
    await start();
    const mergePr = async (file: string) => {
      const before = repo.sha("main");
      repo.branch(`pr-${file}`);
      repo.commit(`pr-${file}`, { files: { [file]: file } });
      const after = repo.mergePull(repo.addPull({ head: `pr-${file}`, title: file, user: "author" }).number);
      await app.receive("push", mergePushPayload(repoRef, before, after, [file]));
    };
    await mergePr("a.txt");
    await mergePr("b.txt");
    const head = repo.sha("release");
    await app.receive("check_run", buttonPayload(repoRef, "signalbox/train", "train-release", head));
    await app.receive("check_run", buttonPayload(repoRef, "signalbox/promote", "train-promote", head));
    expect(repo.releases[0]).toMatchObject({ prerelease: false });

    const samples = await scrape();
    const steps = samples.filter((s) => s.name === "signalbox_train_steps_total").map((s) => `${s.labels.step}:${s.labels.outcome}=${s.value}`);
    // The first push finds no release branch to merge into, and creates it; three tags: two test-, one release-.
    expect(steps.sort()).toEqual(["branch:created=1", "merge:merged=1", "merge:missing_branch=1", "promote:promoted=1", "release:prerelease=1", "tag:created=3"]);
  });

  it("wants the bearer token when METRICS_TOKEN is set", async () => {
    await start({ env: { METRICS_TOKEN: "scrape-secret" } });
    const refused = await fetch(`${base}/metrics`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
    expect(sampleValue(await scrape({ authorization: "Bearer scrape-secret" }), "signalbox_journal_pending")).toBe(0);
  });

  it("answers only GET and HEAD", async () => {
    await start();
    const posted = await fetch(`${base}/metrics`, { method: "POST" });
    expect(posted.status).toBe(405);
    expect(posted.headers.get("allow")).toBe("GET, HEAD");
  });

  describe.each(lanes)("on $engine", (lane) => {
    afterAll(() => lane.cleanup());

    it("reads the journal's pending entries on each scrape", async () => {
      await start({ store: await lane.open() });
      await app.store.journal.record({ id: "waiting-1", name: "push", repoKey: "octo-org/metered", installationId: 51, payload: {}, receivedAt: clock });
      await app.store.journal.record({ id: "waiting-2", name: "push", repoKey: "octo-org/other", installationId: 51, payload: {}, receivedAt: clock });
      expect(sampleValue(await scrape(), "signalbox_journal_pending")).toBe(2);
    });
  });
});
