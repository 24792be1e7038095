/**
 * Label-triggered pull-request pipelines through Probot, against the fake GitHub:
 * label → dispatch → workflow_run / status → one check run that reviewers read.
 */
import { FakeGitHub } from "../fakes/fake-github.js";
import { buildWebhook } from "../fakes/webhooks.js";
import { createTestApp, type TestApp } from "../support/test-app.js";
import { seedRepoWithPull, pullRequestWebhook } from "../support/seed-repo.js";

const repoRef = { owner: "octo-org", repo: "serverless", installationId: 11 };
const CONFIG = `pipelines:
  e2e:
    on: { label: run-e2e }
    stages: [build, deploy, test]
    jobs:
      build-images: { stage: build, workflow: build-images.yml, inputs: { registry: ghcr } }
      deploy:       { stage: deploy, workflow: deploy.yml, needs: [build-images] }
      run-tests:    { stage: test, status: "ci/e2e", timeout: 60m }
      cleanup:      { stage: test, needs: [run-tests], when: always, workflow: cleanup.yml, allow_failure: true }
`;

describe("label-triggered pipelines", () => {
  const fake = new FakeGitHub();
  let app: TestApp;
  let clock: Date;
  let repo: ReturnType<FakeGitHub["addRepo"]>;
  let pull: any;

  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  beforeEach(async () => {
    fake.reset();
    clock = new Date("2026-11-22T10:00:00Z");
    app = await createTestApp(fake, { now: () => clock });
    ({ repo, pull } = seedRepoWithPull(fake, repoRef, CONFIG));
    repo.setPermission("visitor", "read");
  });
  afterEach(async () => {
    await app.close();
    fake.assertNoViolations();
  });

  const prPayload = (action: string, patch: (p: any) => void = () => {}) =>
    pullRequestWebhook(action, repoRef, { number: pull.number, headSha: repo.sha("feature"), patch });

  const workflowRunCompleted = (id: number, workflow: string, conclusion: string) =>
    buildWebhook("workflow_run", "completed", {
      repo: repoRef,
      patch: (p: any) => {
        Object.assign(p.workflow_run, { id, path: `.github/workflows/${workflow}`, head_sha: repo.sha("feature"), conclusion, status: "completed", html_url: `https://github.com/octo-org/serverless/actions/runs/${id}` });
        p.sender = { ...p.sender, login: "maintainer", type: "User" };
      },
    });

  const commitStatus = (context: string, state: string) =>
    buildWebhook("status", undefined, {
      repo: repoRef,
      patch: (p: any) => Object.assign(p, { sha: repo.sha("feature"), context, state, target_url: "https://ci.example/e2e/1", sender: { ...p.sender, login: "ci-bot", type: "User" } }),
    });

  const checkRun = (): any => repo.checkRuns.find((r: any) => r.name === "signalbox/e2e" && r.head_sha === repo.sha("feature"));
  const dispatchOf = (workflow: string): any => repo.dispatches.find((d: any) => d.workflow_id === workflow);

  it("runs the pipeline from label to a passed check run", async () => {
    await app.receive("pull_request", prPayload("labeled"));
    const build = dispatchOf("build-images.yml");
    expect(build).toMatchObject({ ref: "feature", inputs: { registry: "ghcr", sha: repo.sha("feature") } });
    expect(build.inputs.signalbox_run).toEqual(expect.any(String));
    expect(checkRun()).toMatchObject({ status: "in_progress" });
    expect(checkRun().output.title).toContain("build-images");

    await app.receive("workflow_run", workflowRunCompleted(build.run_id, "build-images.yml", "success"));
    const deploy = dispatchOf("deploy.yml");
    expect(deploy).toBeDefined();
    await app.receive("workflow_run", workflowRunCompleted(deploy.run_id, "deploy.yml", "success"));
    expect(dispatchOf("cleanup.yml")).toBeUndefined(); // waits for run-tests
    await app.receive("status", commitStatus("ci/e2e", "success"));
    const cleanup = dispatchOf("cleanup.yml");
    expect(cleanup).toBeDefined();
    await app.receive("workflow_run", workflowRunCompleted(cleanup.run_id, "cleanup.yml", "success"));

    expect(checkRun()).toMatchObject({ status: "completed", conclusion: "success" });
    expect(checkRun().output.summary).toContain("| build | `build-images` | ✅ passed |");
    expect(checkRun().output.summary).toContain("https://github.com/octo-org/serverless/actions/runs/");
    expect(repo.checkRuns.filter((r: any) => r.name === "signalbox/e2e")).toHaveLength(1);
  });

  it("always cleans up after failed tests, fails the check run, and re-runs the failed jobs on request", async () => {
    await app.receive("pull_request", prPayload("labeled"));
    await app.receive("workflow_run", workflowRunCompleted(dispatchOf("build-images.yml").run_id, "build-images.yml", "success"));
    await app.receive("workflow_run", workflowRunCompleted(dispatchOf("deploy.yml").run_id, "deploy.yml", "success"));
    await app.receive("status", commitStatus("ci/e2e", "failure"));
    const cleanup = dispatchOf("cleanup.yml");
    expect(cleanup).toBeDefined();
    await app.receive("workflow_run", workflowRunCompleted(cleanup.run_id, "cleanup.yml", "success"));
    expect(checkRun()).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(checkRun().output.title).toBe("Failed: run-tests");
    expect(checkRun().actions.map((a: any) => a.identifier)).toContain("rerun-failed");

    const rerequest = buildWebhook("check_run", "rerequested", {
      repo: repoRef,
      patch: (p: any) => {
        Object.assign(p.check_run, { name: "signalbox/e2e", head_sha: repo.sha("feature") });
        p.sender = { ...p.sender, login: "maintainer", type: "User" };
      },
    });
    const dispatchesBefore = repo.dispatches.length;
    await app.receive("check_run", rerequest);
    expect(repo.dispatches.length).toBe(dispatchesBefore); // build and deploy passed; run-tests waits for a new result
    expect(checkRun()).toMatchObject({ status: "in_progress" });
    await app.receive("status", commitStatus("ci/e2e", "success"));
    expect(repo.dispatches.filter((d: any) => d.workflow_id === "cleanup.yml")).toHaveLength(2);
  });

  it("completes a status: job from a status signalbox itself wrote (a build reported to the board)", async () => {
    await app.receive("pull_request", prPayload("labeled"));
    await app.receive("workflow_run", workflowRunCompleted(dispatchOf("build-images.yml").run_id, "build-images.yml", "success"));
    await app.receive("workflow_run", workflowRunCompleted(dispatchOf("deploy.yml").run_id, "deploy.yml", "success"));
    const mirrored = commitStatus("ci/e2e", "success");
    mirrored.sender = { ...mirrored.sender, login: `${fake.appSlug}[bot]`, type: "Bot" };
    await app.receive("status", mirrored);
    expect(dispatchOf("cleanup.yml")).toBeDefined();
  });

  it("ignores the label from someone without write access, and says so", async () => {
    await app.receive("pull_request", prPayload("labeled", (p) => (p.sender.login = "visitor")));
    expect(repo.dispatches).toHaveLength(0);
    expect(checkRun()).toBeUndefined();
    expect(repo.comments.at(-1)?.body).toMatch(/@visitor only people with write access/);
  });

  it("dispatches fork pull requests on the base branch and asks for a new label after a push", async () => {
    const fork = (p: any) => (p.pull_request.head.repo = { ...p.repository, full_name: "stranger/serverless" });
    await app.receive("pull_request", prPayload("labeled", fork));
    expect(dispatchOf("build-images.yml")).toMatchObject({ ref: "main", inputs: { sha: repo.sha("feature") } });

    repo.commit("feature", { files: { "src/app.ts": "export const x = 1;\n" } });
    await app.receive("pull_request", prPayload("synchronize", (p) => { fork(p); p.sender.login = "stranger"; }));
    expect(repo.dispatches).toHaveLength(1);
    expect(checkRun()).toMatchObject({ status: "completed", conclusion: "action_required" });
    expect(checkRun().output.summary).toMatch(/add the `run-e2e` label again/);
  });

  it("cancels the old commit's run, its workflow runs included, when a new push arrives", async () => {
    await app.receive("pull_request", prPayload("labeled"));
    const oldSha = repo.sha("feature");
    const build = dispatchOf("build-images.yml");
    repo.commit("feature", { files: { "src/app.ts": "export const y = 2;\n" } });
    await app.receive("pull_request", prPayload("synchronize"));
    const old = repo.checkRuns.find((r: any) => r.name === "signalbox/e2e" && r.head_sha === oldSha);
    expect(old).toMatchObject({ status: "completed", conclusion: "cancelled" });
    expect(fake.calls.some((c: any) => c.method === "POST" && c.path.endsWith(`/actions/runs/${build.run_id}/cancel`))).toBe(true);
    expect(checkRun()).toMatchObject({ status: "in_progress" });
    expect(repo.dispatches.filter((d: any) => d.workflow_id === "build-images.yml")).toHaveLength(2);
  });

  it("answers /retest and /cancel comments from maintainers, and refuses others", async () => {
    await app.receive("pull_request", prPayload("labeled"));
    const comment = (body: string, login: string) =>
      buildWebhook("issue_comment", "created", {
        repo: repoRef,
        patch: (p: any) => {
          const made = { id: 900 + repo.comments.length, body, user: { login }, created_at: new Date().toISOString() };
          repo.comments.push({ ...made, issue_number: pull.number });
          p.comment = { ...p.comment, ...made };
          p.issue = { ...p.issue, number: pull.number, pull_request: { url: "x" } };
          p.sender = { ...p.sender, login, type: "User" };
        },
      });
    await app.receive("issue_comment", comment("/cancel", "visitor"));
    expect(checkRun()).toMatchObject({ status: "in_progress" });
    expect(repo.comments.at(-1)?.body).toMatch(/only people with write access can use `\/cancel`/);
    await app.receive("issue_comment", comment("/cancel", "maintainer"));
    expect(checkRun()).toMatchObject({ status: "completed", conclusion: "cancelled" });
  });

  it("cancels when the label is removed, and starts again with /test from a maintainer", async () => {
    await app.receive("pull_request", prPayload("labeled"));
    await app.receive("pull_request", prPayload("unlabeled", (p) => (p.pull_request.labels = [])));
    expect(checkRun()).toMatchObject({ status: "completed", conclusion: "cancelled" });
    const comment = buildWebhook("issue_comment", "created", {
      repo: repoRef,
      patch: (p: any) => {
        repo.comments.push({ id: 777, body: "/test e2e", issue_number: pull.number });
        p.comment = { ...p.comment, id: 777, body: "/test e2e", created_at: new Date().toISOString() };
        p.issue = { ...p.issue, number: pull.number, pull_request: { url: "x" } };
        p.sender = { ...p.sender, login: "maintainer", type: "User" };
      },
    });
    await app.receive("issue_comment", comment);
    expect(checkRun()).toMatchObject({ status: "in_progress" });
    expect(repo.dispatches.filter((d: any) => d.workflow_id === "build-images.yml")).toHaveLength(2);
    expect((repo.comments.find((c: any) => c.id === 777) as any).reactions).toEqual([expect.objectContaining({ content: "+1" })]);
  });

  it("times out a job with no result, and says so", async () => {
    await app.receive("pull_request", prPayload("labeled"));
    await app.receive("workflow_run", workflowRunCompleted(dispatchOf("build-images.yml").run_id, "build-images.yml", "success"));
    await app.receive("workflow_run", workflowRunCompleted(dispatchOf("deploy.yml").run_id, "deploy.yml", "success"));
    clock = new Date(clock.getTime() + 61 * 60_000);
    await app.receive("status", commitStatus("ci/other", "success"));
    expect(checkRun()).toMatchObject({ status: "in_progress" }); // cleanup runs after the timeout
    expect(checkRun().output.summary).toContain("⌛ timed out");
  });
});
