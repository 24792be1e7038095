/**
 * End to end, what an operator sees of the real `npm start` process: /metrics behind its token,
 * /readyz, and JSON log lines (LOG_FORMAT=json) that name the delivery, repository and event.
 */
import { FakeGitHub } from "../fakes/fake-github.js";
import { buildWebhook, deliverWebhook } from "../fakes/webhooks.js";
import { parsePrometheusText, sampleValue } from "../support/prometheus-text.js";
import { buildApp, githubAppEnv, startApp, waitFor, type RunningApp } from "./start-process.js";

const SECRET = "ops-secret";
const METRICS_TOKEN = "ops-scrape-token";
const repoRef = { owner: "octo-org", repo: "operated", installationId: 4343 };

describe("operating npm start", () => {
  const fake = new FakeGitHub();
  let app: RunningApp;

  beforeAll(async () => {
    buildApp();
    await fake.start();
    app = await startApp({
      ...githubAppEnv(fake, SECRET),
      LOG_FORMAT: "json",
      METRICS_TOKEN,
    });
  }, 120_000);

  afterAll(async () => {
    await app?.stop("SIGKILL");
    await fake.stop();
  });

  const scrape = async () => {
    const res = await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(200);
    return parsePrometheusText(await res.text());
  };

  it("counts a delivery and its GitHub requests, and logs it as JSON lines naming it", async () => {
    const repo = fake.addRepo({ ...repoRef, defaultBranch: "main" });
    const before = repo.sha("main");
    const after = repo.commit("main", { files: { ".github/signalbox.yml": "pipelines: {}\n" } });
    const payload = buildWebhook("push", undefined, {
      repo: repoRef,
      patch: (p: Record<string, any>) => {
        Object.assign(p, { ref: "refs/heads/main", before, after, deleted: false, forced: false, created: false });
        p.repository.default_branch = "main";
        p.commits = [{ ...(p.commits?.[0] ?? {}), id: after, added: [], removed: [], modified: [".github/signalbox.yml"] }];
        p.sender = { ...p.sender, login: "maintainer", type: "User" };
      },
    });
    expect((await deliverWebhook(app.url, { name: "push", id: "ops-delivery-1", payload, secret: SECRET })).status).toBe(200);
    await waitFor(async () => sampleValue(await scrape(), "signalbox_deliveries_total", { event: "push", outcome: "done" }) === 1, 15_000, app.output);

    const samples = await scrape();
    expect(sampleValue(samples, "signalbox_github_requests_total", { method: "POST", route: "/repos/{owner}/{repo}/check-runs", status: "201" })).toBe(1);
    expect(sampleValue(samples, "signalbox_journal_pending")).toBe(0);
    expect(sampleValue(samples, "process_cpu_seconds_total")).toBeGreaterThan(0);

    const lines = app.output().split("\n").filter((line) => line.startsWith("{"));
    const processed = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((r) => r.msg === "processed");
    expect(processed).toMatchObject({ delivery: "ops-delivery-1", repo: "octo-org/operated", event: "push", level: 30 });
    fake.assertNoViolations();
  });

  it("refuses a scrape without the token", async () => {
    const res = await fetch(`${app.url}/metrics`);
    expect(res.status).toBe(401);
    expect(await res.text()).not.toContain("signalbox_");
  });

  it("is ready", async () => {
    const ready = await fetch(`${app.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ready", engine: "sqlite", pending: 0 });
  });
});
