/**
 * The GitHub API budget, through Probot against the fake GitHub: unchanged reads are conditional
 * (answered 304, free), the installation token is reused, writes that change nothing are not
 * sent, and what signalbox remembers never outlives what GitHub says.
 */
import type { UpsertCheckRunEffect } from "../../src/core/types.js";
import { OctokitGitHub } from "../../src/effects/octokit-github.js";
import { EffectsRunner } from "../../src/effects/runner.js";
import { FakeGitHub } from "../fakes/fake-github.js";
import type { CallRecord } from "../fakes/request-handler.js";
import { buildWebhook } from "../fakes/webhooks.js";
import { buttonPayload, mergePushPayload } from "../support/payloads.js";
import { createTestApp, type TestApp } from "../support/test-app.js";
import { openContributorPull, pullRequestWebhook } from "../support/seed-repo.js";

const repoRef = { owner: "octo-org", repo: "budget", installationId: 41 };
const CONFIG_PATH = "/repos/octo-org/budget/contents/.github/signalbox.yml";
const pipelineConfig = (label: string) => `pipelines:
  e2e:
    on: { label: ${label} }
    jobs:
      build: { workflow: build.yml }
      deploy: { workflow: deploy.yml, needs: [build] }
`;

describe("the GitHub API budget", () => {
  const fake = new FakeGitHub();
  let app: TestApp;
  let clock: Date;
  let repo: ReturnType<FakeGitHub["addRepo"]>;
  let pull: { number: number };

  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  beforeEach(async () => {
    fake.reset();
    clock = new Date();
    app = await createTestApp(fake, { now: () => clock });
    repo = fake.addRepo({ ...repoRef, defaultBranch: "main" });
    repo.commit("main", { files: { ".github/signalbox.yml": pipelineConfig("run-e2e") } });
    repo.setPermission("maintainer", "write");
    pull = { number: Number(openContributorPull(repo).number) };
  });
  afterEach(async () => {
    await app.close();
    fake.assertNoViolations();
  });

  const labeled = (label: string) =>
    pullRequestWebhook("labeled", repoRef, { number: pull.number, headSha: repo.sha("feature"), label });

  const workflowRunCompleted = (workflow: string) => {
    const dispatch = repo.dispatches.find((d: any) => d.workflow_id === workflow) as any;
    return buildWebhook("workflow_run", "completed", {
      repo: repoRef,
      patch: (p: any) => {
        Object.assign(p.workflow_run, { id: dispatch.run_id, path: `.github/workflows/${workflow}`, head_sha: repo.sha("feature"), conclusion: "success", status: "completed" });
        p.sender = { ...p.sender, login: "maintainer", type: "User" };
      },
    });
  };

  /** Calls made while `work` runs. */
  async function callsDuring(work: () => Promise<void>): Promise<CallRecord[]> {
    const start = fake.calls.length;
    await work();
    return fake.calls.slice(start);
  }

  const configReads = (calls: CallRecord[]) => calls.filter((c) => c.method === "GET" && c.path === CONFIG_PATH).map((c) => c.status);

  it("re-reads an unchanged config conditionally (304), keeps it across pushes that leave it alone, and reads a changed one at once", async () => {
    expect(configReads(await callsDuring(() => app.receive("pull_request", labeled("docs"))))).toEqual([200]);
    expect(configReads(await callsDuring(() => app.receive("pull_request", labeled("docs"))))).toEqual([]);

    clock = new Date(clock.getTime() + 5 * 60_000); // past the minute the config is trusted without asking
    expect(configReads(await callsDuring(() => app.receive("pull_request", labeled("docs"))))).toEqual([304]);

    const before = repo.sha("main");
    const after = repo.commit("main", { files: { "README.md": "hello" } });
    const otherPush = await callsDuring(() => app.receive("push", mergePushPayload(repoRef, before, after, ["README.md"])));
    expect(configReads(otherPush)).toEqual([]);

    const configPush = repo.commit("main", { files: { ".github/signalbox.yml": pipelineConfig("run-it") } });
    const pushCalls = await callsDuring(() => app.receive("push", mergePushPayload(repoRef, after, configPush, [".github/signalbox.yml"])));
    expect(pushCalls.some((c) => c.path === CONFIG_PATH && c.status === 200)).toBe(true);
    await app.receive("pull_request", labeled("run-it"));
    expect(repo.dispatches.map((d: any) => d.workflow_id)).toEqual(["build.yml"]);
  });

  it("uses one installation token for many deliveries across the hour, and a new one only near its expiry", async () => {
    const realNow = Date.now;
    let skewMs = 0;
    Date.now = () => realNow() + skewMs;
    try {
      const tokenRequests = () => fake.calls.filter((c) => c.method === "POST" && c.path === `/app/installations/${repoRef.installationId}/access_tokens`).length;
      for (const minutes of [0, 1, 5, 20, 45, 57]) {
        skewMs = minutes * 60_000;
        clock = new Date(Date.now());
        await app.receive("pull_request", labeled("docs"));
      }
      expect(tokenRequests()).toBe(1);
      skewMs = 59.5 * 60_000; // the token expires at 60 minutes; it is not used in its last minute
      clock = new Date(Date.now());
      await app.receive("pull_request", labeled("docs"));
      expect(tokenRequests()).toBe(2);
    } finally {
      Date.now = realNow;
    }
  });

  it("looks a check run up once, updates it by id after that, and finds it again when the store forgets it", async () => {
    const lookups = (calls: CallRecord[]) => calls.filter((c) => c.method === "GET" && /\/commits\/[0-9a-f]{40}\/check-runs$/.test(c.path)).length;
    const pipeline = await callsDuring(async () => {
      await app.receive("pull_request", labeled("run-e2e"));
      await app.receive("workflow_run", workflowRunCompleted("build.yml"));
      await app.receive("workflow_run", workflowRunCompleted("deploy.yml"));
    });
    expect(lookups(pipeline)).toBe(1);
    const e2eRuns = () => repo.checkRuns.filter((r: any) => r.name === "signalbox/e2e" && r.head_sha === repo.sha("feature"));
    expect(e2eRuns()).toEqual([expect.objectContaining({ status: "completed", conclusion: "success" })]);

    await app.store.db.deleteFrom("github_writes").execute();
    const again = await callsDuring(() => app.receive("pull_request", labeled("run-e2e")));
    expect(lookups(again)).toBe(1);
    expect(e2eRuns()).toEqual([expect.objectContaining({ status: "in_progress" })]);
  });

  it("sends no check-run write that would change nothing, and one PATCH for a write that would", async () => {
    const runner = new EffectsRunner(app.store.effects, async (id) => new OctokitGitHub(await app.probot.auth(id)), () => clock, app.store.writes);
    const check: UpsertCheckRunEffect = { kind: "upsertCheckRun", repo: repoRef, name: "signalbox/e2e", headSha: repo.sha("feature"), status: "in_progress", title: "Running", summary: "build: running" };
    await runner.applyAll("first", [check]);
    expect(await callsDuring(async () => void (await runner.applyAll("same-again", [check])))).toEqual([]);
    const changed = await callsDuring(async () => void (await runner.applyAll("changed", [{ ...check, summary: "build: passed" }])));
    expect(changed.map((c) => c.method)).toEqual(["PATCH"]);
    expect(repo.checkRuns).toEqual([expect.objectContaining({ output: expect.objectContaining({ summary: "build: passed" }) })]);
  });

  it("runs a release-train cycle on one token, one config read, one look at each check run and comment", async () => {
    repo.commit("main", { files: { ".github/signalbox.yml": "train:\n  branch: release\n" } });
    const before = repo.sha("main");
    repo.branch("fix");
    repo.commit("fix", { files: { "fix.txt": "fixed" } });
    const fix = repo.addPull({ head: "fix", title: "Fix", user: "author" });
    const after = repo.mergePull(Number(fix.number));
    const cycle = await callsDuring(async () => {
      await app.receive("push", mergePushPayload(repoRef, before, after, ["fix.txt"]));
      const head = repo.sha("release");
      await app.receive("check_run", buttonPayload(repoRef, "signalbox/train", "train-release", head));
      await app.receive("check_run", buttonPayload(repoRef, "signalbox/promote", "train-promote", head));
    });
    expect(repo.releases).toEqual([expect.objectContaining({ prerelease: false })]);
    const count = (method: string, path: RegExp, status?: number) => cycle.filter((c) => c.method === method && path.test(c.path) && (status === undefined || c.status === status)).length;
    expect(count("POST", /access_tokens$/)).toBe(1);
    expect(count("GET", /contents\/\.github\/signalbox\.yml$/)).toBe(1);
    expect(count("GET", /\/check-runs$/)).toBe(2); // the first write of signalbox/train, and of signalbox/promote
    expect(count("GET", /\/issues\/\d+\/comments$/)).toBe(1);
    expect(count("GET", /\/git\/ref\//)).toBe(0);
    // Reads of what did not change since the last read are answered 304 and cost nothing.
    expect(count("GET", /\/collaborators\/maintainer\/permission$/, 200)).toBe(1);
    expect(count("GET", /\/commits\/[0-9a-f]{40}\/pulls$/, 200)).toBe(1);
    expect(repo.comments.filter((c: any) => c.issue_number === fix.number)).toHaveLength(1);
    expect(repo.checkRuns.map((r: any) => r.name).sort()).toEqual(["signalbox/promote", "signalbox/train"]);
  });

  it("writes the PR's train comment again when someone deleted it", async () => {
    repo.commit("main", { files: { ".github/signalbox.yml": "train:\n  branch: release\n" } });
    const before = repo.sha("main");
    repo.branch("fix");
    repo.commit("fix", { files: { "fix.txt": "fixed" } });
    const fix = repo.addPull({ head: "fix", title: "Fix", user: "author" });
    const after = repo.mergePull(Number(fix.number));
    await app.receive("push", mergePushPayload(repoRef, before, after, ["fix.txt"]));
    const onPr = () => repo.comments.filter((c: any) => c.issue_number === fix.number);
    expect(onPr()).toHaveLength(1);
    repo.comments.splice(repo.comments.indexOf(onPr()[0]!), 1);

    await app.receive("check_run", buttonPayload(repoRef, "signalbox/train", "train-release", repo.sha("release")));
    expect(onPr()).toEqual([expect.objectContaining({ body: expect.stringContaining("release-") })]);
  });
});
