/**
 * Pipelines started by pushes, tags and schedules; job timeouts fired by timers; manual jobs;
 * resource groups shared across pipelines of one repository.
 */
import { FakeGitHub } from "../fakes/fake-github.js";
import { buildWebhook } from "../fakes/webhooks.js";
import { createTestApp, type TestApp } from "../support/test-app.js";

const repoRef = { owner: "octo-org", repo: "infra", installationId: 21 };
const CONFIG = `pipelines:
  unit:
    on: { push: main }
    jobs:
      test: { workflow: unit.yml }
  package:
    on: { tag: "release-*" }
    jobs:
      deb: { workflow: package.yml }
      publish: { stage: deploy, workflow: publish.yml, when: manual }
  nightly:
    on: { schedule: "0 3 * * *", branch: release }
    jobs:
      dc-tests: { status: ci/dc, timeout: 30m, resource_group: cluster }
  smoke:
    on: { push: release }
    jobs:
      cluster-smoke: { status: ci/smoke, resource_group: cluster }
`;

describe("push, tag and scheduled pipelines", () => {
  const fake = new FakeGitHub();
  let app: TestApp;
  let clock: Date;
  let repo: ReturnType<FakeGitHub["addRepo"]>;

  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  beforeEach(async () => {
    fake.reset();
    clock = new Date("2026-11-22T02:59:00Z");
    app = await createTestApp(fake, { now: () => clock });
    repo = fake.addRepo({ ...repoRef, defaultBranch: "main" });
    repo.commit("main", { files: { ".github/signalbox.yml": CONFIG } });
    repo.branch("release");
  });
  afterEach(async () => {
    await app.close();
    fake.assertNoViolations();
  });

  const push = (ref: string, sha: string) =>
    buildWebhook("push", undefined, {
      repo: repoRef,
      patch: (p: any) => {
        Object.assign(p, { ref, before: "0".repeat(39) + "1", after: sha, deleted: false, forced: false, created: true });
        p.repository.default_branch = "main";
        p.commits = [{ ...(p.commits?.[0] ?? {}), id: sha, added: [], removed: [], modified: ["src/x.ts"] }];
        p.sender = { ...p.sender, login: "dev", type: "User" };
      },
    });
  const status = (context: string, state: string, sha: string) =>
    buildWebhook("status", undefined, { repo: repoRef, patch: (p: any) => Object.assign(p, { sha, context, state, target_url: "https://ci.example/1" }) });
  const checkOf = (name: string, sha: string): any => repo.checkRuns.find((r: any) => r.name === `signalbox/${name}` && r.head_sha === sha);

  it("runs a push pipeline on its branch only", async () => {
    const sha = repo.commit("main", { files: { "src/x.ts": "1" } });
    await app.receive("push", push("refs/heads/main", sha));
    expect(repo.dispatches).toEqual([expect.objectContaining({ workflow_id: "unit.yml", ref: "main", inputs: expect.objectContaining({ sha }) })]);
    expect(checkOf("unit", sha)).toMatchObject({ status: "in_progress" });
    const other = repo.commit("release", { files: { "src/y.ts": "1" } });
    await app.receive("push", push("refs/heads/feature", other));
    expect(repo.dispatches).toHaveLength(1);
  });

  it("runs a tag pipeline for matching tags, and a manual job when someone presses its button", async () => {
    const sha = repo.sha("release");
    repo.refs.set("tags/release-2026.11.22-1", sha);
    await app.receive("push", push("refs/tags/release-2026.11.22-1", sha));
    await app.receive("push", push("refs/tags/test-2026.11.22-1", sha));
    expect(repo.dispatches.map((d: any) => d.workflow_id)).toEqual(["package.yml"]);
    const deb = repo.dispatches[0] as any;
    await app.receive(
      "workflow_run",
      buildWebhook("workflow_run", "completed", {
        repo: repoRef,
        patch: (p: any) => Object.assign(p.workflow_run, { id: deb.run_id, path: ".github/workflows/package.yml", head_sha: sha, conclusion: "success", html_url: "https://github.com/x/y/actions/runs/1" }),
      }),
    );
    const check = checkOf("package", sha);
    expect(check).toMatchObject({ status: "completed", conclusion: "neutral" });
    expect(check.actions).toEqual([expect.objectContaining({ identifier: "run:publish", label: "Run publish" })]);

    repo.setPermission("releaser", "maintain");
    await app.receive(
      "check_run",
      buildWebhook("check_run", "requested_action", {
        repo: repoRef,
        patch: (p: any) => {
          Object.assign(p.check_run, { name: "signalbox/package", head_sha: sha });
          p.requested_action = { identifier: "run:publish" };
          p.sender = { ...p.sender, login: "releaser", type: "User" };
        },
      }),
    );
    expect(repo.dispatches.map((d: any) => d.workflow_id)).toEqual(["package.yml", "publish.yml"]);
  });

  it("keeps the last valid config in force while a broken one is on the default branch", async () => {
    const first = repo.commit("main", { files: { "src/x.ts": "1" } });
    await app.receive("push", push("refs/heads/main", first)); // reads and remembers the valid config
    const broken = repo.commit("main", { files: { ".github/signalbox.yml": "pipelines:\n  unit: { on: sometimes }\n" } });
    const brokenPush = push("refs/heads/main", broken);
    brokenPush.commits[0].modified = [".github/signalbox.yml"];
    await app.receive("push", brokenPush);
    expect(checkOf("config", broken)).toMatchObject({ conclusion: "failure" });
    expect(checkOf("config", broken).output.summary).toContain("keeps the last valid config in force");
    const later = repo.commit("main", { files: { "src/x.ts": "2" } });
    await app.receive("push", push("refs/heads/main", later));
    expect(repo.dispatches.filter((d: any) => d.workflow_id === "unit.yml").map((d: any) => d.inputs.sha)).toContain(later);
  });

  it("fails a job GitHub refuses to start, with GitHub's reason on the check run", async () => {
    const sha = repo.commit("main", { files: { "src/x.ts": "2" } });
    fake.faults.inject({ method: "POST", path: /\/dispatches$/, kind: "status", status: 422 });
    await app.receive("push", push("refs/heads/main", sha));
    const check = checkOf("unit", sha);
    expect(check).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(check.output.summary).toMatch(/could not start unit\.yml: GitHub answered 422/);
  });

  it("fires a schedule once, times out its job, and lets the next job of the resource group run", async () => {
    await app.receive("push", push("refs/heads/main", repo.sha("main"))); // reads the config: registers the schedule
    const smokeSha = repo.commit("release", { files: { "b.txt": "1" } });
    clock = new Date("2026-11-22T03:00:05Z");
    expect(await app.signalbox.timers!.tick()).toBe(1);
    expect(await app.signalbox.timers!.tick()).toBe(0);
    await app.signalbox.worker!.drain();
    expect(checkOf("nightly", smokeSha)).toMatchObject({ status: "in_progress" });

    // A push to release wants the same cluster: it waits for the nightly job.
    await app.receive("push", push("refs/heads/release", smokeSha));
    expect(checkOf("smoke", smokeSha).output.summary).toContain("waiting for resource group cluster");

    clock = new Date("2026-11-22T03:31:00Z");
    await app.signalbox.timers!.tick();
    await app.signalbox.worker!.drain();
    expect(checkOf("nightly", smokeSha)).toMatchObject({ status: "completed", conclusion: "timed_out" });
    expect(checkOf("smoke", smokeSha).output.summary).toContain("🔄 running");
    await app.receive("status", status("ci/smoke", "success", smokeSha));
    expect(checkOf("smoke", smokeSha)).toMatchObject({ status: "completed", conclusion: "success" });
  });
});
