/**
 * The app through Probot: a push that changes .github/signalbox.yml gets a signalbox/config
 * check run on the fake GitHub, which validates every request against GitHub's OpenAPI description.
 */
import { FakeGitHub } from "../fakes/fake-github.js";
import { buildWebhook } from "../fakes/webhooks.js";
import { createTestApp, type TestApp } from "../support/test-app.js";

const repoRef = { owner: "octo-org", repo: "app", installationId: 7 };

describe("signalbox/config check", () => {
  const fake = new FakeGitHub();
  let app: TestApp;
  let clock = new Date();

  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  beforeEach(async () => {
    fake.reset();
    clock = new Date();
    app = await createTestApp(fake, { now: () => clock });
  });
  afterEach(async () => {
    await app.close();
    fake.assertNoViolations();
  });

  function pushOf(files: Record<string, string | null>, patch: (p: Record<string, any>) => void = () => {}) {
    const repo = fake.findRepo(repoRef.owner, repoRef.repo) ?? fake.addRepo({ ...repoRef, defaultBranch: "main" });
    const before = repo.sha("main");
    const after = repo.commit("main", { files, message: "update" });
    const paths = Object.keys(files);
    const payload = buildWebhook("push", undefined, {
      repo: repoRef,
      patch: (p: Record<string, any>) => {
        Object.assign(p, { ref: "refs/heads/main", before, after, deleted: false, forced: false, created: false });
        p.repository.default_branch = "main";
        p.commits = [{ ...(p.commits?.[0] ?? {}), id: after, added: [], removed: [], modified: paths }];
        p.sender = { ...p.sender, login: "maintainer", type: "User" };
        patch(p);
      },
    });
    return { repo, after, payload };
  }

  it("fails a broken file and names the field and its line", async () => {
    const { repo, after, payload } = pushOf({ ".github/signalbox.yml": "train:\n  branch: release\n  nightly: every day\n" });
    await app.receive("push", payload);
    const run = repo.checkRuns.find((r: any) => r.head_sha === after && r.name === "signalbox/config");
    expect(run).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(run!.output.title).toBe("1 error in .github/signalbox.yml");
    expect(run!.output.summary).toContain("| 3 | `train.nightly` |");
  });

  it("passes a good file and says what it turns on", async () => {
    const text = "pipelines:\n  e2e:\n    on: { label: run-e2e }\n    jobs:\n      tests: { status: ci/e2e }\n";
    const { repo, after, payload } = pushOf({ ".github/signalbox.yml": text });
    await app.receive("push", payload);
    const run = repo.checkRuns.find((r: any) => r.head_sha === after);
    expect(run).toMatchObject({ name: "signalbox/config", conclusion: "success" });
    expect(run!.output.summary).toContain("run-e2e");
  });

  it("follows _extends to the organisation's .github repository", async () => {
    const org = fake.addRepo({ owner: "octo-org", repo: ".github", defaultBranch: "main", installationId: repoRef.installationId });
    org.commit("main", { files: { ".github/signalbox.yml": "train:\n  branch: release\n  promote: { after: whenever }\n" } });
    const { repo, after, payload } = pushOf({ ".github/signalbox.yml": "_extends: .github\npipelines: {}\n" });
    await app.receive("push", payload);
    const run = repo.checkRuns.find((r: any) => r.head_sha === after);
    expect(run).toMatchObject({ name: "signalbox/config", conclusion: "failure" });
    expect(run!.output.summary).toContain("`train.promote.after`");
    expect(run!.output.summary).toContain("inherited through _extends");
  });

  it("leaves pushes that do not touch the config alone", async () => {
    const { repo, payload } = pushOf({ "src/index.ts": "export {}\n" });
    const calls = fake.calls.length;
    await app.receive("push", payload);
    expect(repo.checkRuns).toHaveLength(0);
    // Reading the config (for push pipelines) is all it may cost: nothing is written.
    const writes = fake.calls.slice(calls).filter((c: any) => c.method !== "GET" && !c.path.includes("/access_tokens"));
    expect(writes).toEqual([]);
  });

  it("makes no second API call when a delivery id is redelivered", async () => {
    const { repo, payload } = pushOf({ ".github/signalbox.yml": "pipelines: {}\n" });
    await app.receive("push", payload, "same-delivery");
    const calls = fake.calls.length;
    await app.receive("push", payload, "same-delivery");
    expect(fake.calls.length).toBe(calls);
    expect(repo.checkRuns).toHaveLength(1);
  });

  it("does not write a check run that would not change (same event under a new delivery id)", async () => {
    const { repo, payload } = pushOf({ ".github/signalbox.yml": "pipelines: {}\n" });
    await app.receive("push", payload, "first-id");
    await app.receive("push", payload, "manual-redelivery-id");
    const writes = fake.calls.filter((c: any) => c.method !== "GET" && c.path.includes("/check-runs"));
    expect(writes).toHaveLength(1);
    expect(repo.checkRuns).toHaveLength(1);
  });

  it("retries when GitHub answers 502, and ends with one check run", async () => {
    const { repo, payload } = pushOf({ ".github/signalbox.yml": "pipelines: {}\n" });
    fake.faults.inject({ method: "POST", path: /check-runs$/, times: 1, kind: "status", status: 502 });
    await app.receive("push", payload, "flaky-delivery");
    const entry = await app.store.journal.get("flaky-delivery");
    expect(entry).toMatchObject({ state: "pending", attempts: 1 });
    expect(entry!.lastError ?? "").toMatch(/HTTP 502/);
    // The retry is due a few seconds later: move the clock past it and let the worker pick it up.
    clock = new Date(clock.getTime() + 60_000);
    await app.signalbox.worker!.drain();
    expect(repo.checkRuns).toHaveLength(1);
    expect((await app.store.journal.get("flaky-delivery"))?.state).toBe("done");
  });

  it("checks the config of a push signalbox made too (a train merge can carry the file)", async () => {
    const { repo, after, payload } = pushOf({ ".github/signalbox.yml": "pipelines: {}\n" }, (p) => {
      p.sender = { ...p.sender, login: `${fake.appSlug}[bot]`, type: "Bot" };
    });
    await app.receive("push", payload, "own-push");
    expect(repo.checkRuns).toEqual([expect.objectContaining({ name: "signalbox/config", head_sha: after, conclusion: "success" })]);
    expect((await app.store.journal.get("own-push"))?.outcome).toBe("done");
  });
});
