/**
 * Pull-request pipeline paths a reviewer relies on, driven through Probot against the fake
 * GitHub: a pipeline on every PR, `check:` jobs, the Cancel button, `/run <job>`, closing a PR,
 * and `trusted_bots`. They pin today's behaviour so that moving the code changes nothing.
 */
import { FakeGitHub } from "../fakes/fake-github.js";
import { buildWebhook } from "../fakes/webhooks.js";
import { buttonPayload } from "../support/payloads.js";
import { pullRequestWebhook, seedRepoWithPull } from "../support/seed-repo.js";
import { createTestApp, type TestApp } from "../support/test-app.js";

const repoRef = { owner: "octo-org", repo: "dispatch", installationId: 31 };
const CONFIG = `trusted_bots: ["renovate[bot]"]
pipelines:
  checks:
    on: pull_request
    jobs:
      unit: { workflow: unit.yml }
      lint: { check: lint }
      deploy-preview: { stage: deploy, workflow: preview.yml, when: manual }
  e2e:
    on: { label: run-e2e }
    jobs:
      suite: { workflow: e2e.yml }
`;

describe("pull-request pipeline paths (safety net)", () => {
  const fake = new FakeGitHub();
  let app: TestApp;
  let repo: ReturnType<FakeGitHub["addRepo"]>;
  let pull: any;

  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  beforeEach(async () => {
    fake.reset();
    app = await createTestApp(fake, { now: () => new Date("2026-11-22T10:00:00Z") });
    ({ repo, pull } = seedRepoWithPull(fake, repoRef, CONFIG));
  });
  afterEach(async () => {
    await app.close();
    fake.assertNoViolations();
  });

  const head = () => repo.sha("feature");
  const prEvent = (action: string, options: { sender?: string; senderType?: string; label?: string; patch?: (p: any) => void } = {}) =>
    pullRequestWebhook(action, repoRef, { number: pull.number, headSha: head(), ...options });
  const checkOf = (pipeline: string, sha = head()): any => repo.checkRuns.find((r: any) => r.name === `signalbox/${pipeline}` && r.head_sha === sha);
  const dispatched = (workflow: string): any[] => repo.dispatches.filter((d: any) => d.workflow_id === workflow);
  const workflowDone = (runId: number, workflow: string) =>
    buildWebhook("workflow_run", "completed", {
      repo: repoRef,
      patch: (p: any) => {
        Object.assign(p.workflow_run, { id: runId, path: `.github/workflows/${workflow}`, head_sha: head(), status: "completed", conclusion: "success", html_url: `https://github.com/octo-org/dispatch/actions/runs/${runId}` });
        p.sender = { ...p.sender, login: "maintainer", type: "User" };
      },
    });
  const otherAppCheck = (name: string, conclusion: string) =>
    buildWebhook("check_run", "completed", {
      repo: repoRef,
      patch: (p: any) => {
        Object.assign(p.check_run, { name, head_sha: head(), status: "completed", conclusion, html_url: "https://lint.example/runs/7" });
        p.sender = { ...p.sender, login: "lint-app[bot]", type: "Bot" };
      },
    });
  const comment = (body: string, login = "maintainer", type = "User") =>
    buildWebhook("issue_comment", "created", {
      repo: repoRef,
      patch: (p: any) => {
        const made = { id: 5000 + repo.comments.length, body, user: { login }, created_at: new Date().toISOString() };
        repo.comments.push({ ...made, issue_number: pull.number });
        p.comment = { ...p.comment, ...made };
        p.issue = { ...p.issue, number: pull.number, pull_request: { url: "x" } };
        p.sender = { ...p.sender, login, type };
      },
    });

  it("runs an `on: pull_request` pipeline when a pull request is opened, and again on each push", async () => {
    await app.receive("pull_request", prEvent("opened"));
    expect(dispatched("unit.yml")).toEqual([expect.objectContaining({ ref: "feature", inputs: expect.objectContaining({ sha: head() }) })]);
    expect(checkOf("checks")).toMatchObject({ status: "in_progress" });
    expect(checkOf("e2e")).toBeUndefined(); // the label pipeline waits for its label

    const first = head();
    repo.commit("feature", { files: { "src/app.ts": "export const v = 2;\n" } });
    await app.receive("pull_request", prEvent("synchronize"));
    expect(checkOf("checks", first)).toMatchObject({ status: "completed", conclusion: "cancelled" });
    expect(dispatched("unit.yml").map((d: any) => d.inputs.sha)).toEqual([first, head()]);
    expect(checkOf("checks")).toMatchObject({ status: "in_progress" });
  });

  it("completes a `check:` job from another app's check run of that name, and fails it when that fails", async () => {
    await app.receive("pull_request", prEvent("opened"));
    await app.receive("workflow_run", workflowDone(dispatched("unit.yml")[0].run_id, "unit.yml"));
    expect(checkOf("checks").output.summary).toMatch(/\| `lint` \| 🔄 running \|/);
    await app.receive("check_run", otherAppCheck("lint", "failure"));
    expect(checkOf("checks")).toMatchObject({ status: "completed", conclusion: "failure", output: expect.objectContaining({ title: "Failed: lint" }) });
    expect(checkOf("checks").output.summary).toContain("https://lint.example/runs/7");
  });

  it("cancels a run, and its workflow runs, when a maintainer presses Cancel", async () => {
    await app.receive("pull_request", prEvent("opened"));
    expect(checkOf("checks").actions.map((a: any) => a.identifier)).toContain("cancel");
    const unit = dispatched("unit.yml")[0];
    await app.receive("check_run", buttonPayload(repoRef, "signalbox/checks", "cancel", head()));
    expect(checkOf("checks")).toMatchObject({ status: "completed", conclusion: "cancelled" });
    expect(checkOf("checks").output.summary).toContain("cancelled by @maintainer");
    expect(fake.calls.some((c: any) => c.method === "POST" && c.path.endsWith(`/actions/runs/${unit.run_id}/cancel`))).toBe(true);
  });

  it("starts a waiting manual job on `/run <job>`, and says so when no such job waits", async () => {
    await app.receive("pull_request", prEvent("opened"));
    await app.receive("workflow_run", workflowDone(dispatched("unit.yml")[0].run_id, "unit.yml"));
    await app.receive("check_run", otherAppCheck("lint", "success"));
    expect(checkOf("checks")).toMatchObject({ status: "completed", conclusion: "neutral" }); // waits for the manual job
    expect(dispatched("preview.yml")).toHaveLength(0);

    await app.receive("issue_comment", comment("/run nothing-here"));
    expect(repo.comments.at(-1)?.body).toMatch(/^@maintainer no manual job `nothing-here` is waiting on the latest commit\./);
    await app.receive("issue_comment", comment("/run deploy-preview"));
    expect(dispatched("preview.yml")).toEqual([expect.objectContaining({ inputs: expect.objectContaining({ sha: head() }) })]);
    expect(checkOf("checks")).toMatchObject({ status: "in_progress" });
    const command = repo.comments.find((c: any) => c.body === "/run deploy-preview") as any;
    expect(command.reactions).toEqual([expect.objectContaining({ content: "+1" })]);
  });

  it("cancels every active run of a pull request when it is closed", async () => {
    await app.receive("pull_request", prEvent("opened"));
    await app.receive("pull_request", prEvent("labeled"));
    expect(checkOf("e2e")).toMatchObject({ status: "in_progress" });
    await app.receive("pull_request", prEvent("closed"));
    expect(checkOf("checks")).toMatchObject({ status: "completed", conclusion: "cancelled" });
    expect(checkOf("e2e")).toMatchObject({ status: "completed", conclusion: "cancelled" });
    expect(checkOf("e2e").output.summary).toContain("pull request closed");
    for (const workflow of ["unit.yml", "e2e.yml"]) {
      const runId = dispatched(workflow)[0].run_id;
      expect(fake.calls.some((c: any) => c.method === "POST" && c.path.endsWith(`/actions/runs/${runId}/cancel`))).toBe(true);
    }
  });

  it("lets a bot listed in `trusted_bots` label and comment, and ignores any other bot", async () => {
    await app.receive("pull_request", prEvent("labeled", { sender: "dependabot[bot]", senderType: "Bot" }));
    expect(dispatched("e2e.yml")).toHaveLength(0);
    expect(repo.comments).toHaveLength(0); // a bot gets no reply either

    await app.receive("pull_request", prEvent("labeled", { sender: "renovate[bot]", senderType: "Bot" }));
    expect(dispatched("e2e.yml")).toHaveLength(1);
    expect(checkOf("e2e")).toMatchObject({ status: "in_progress" });

    await app.receive("issue_comment", comment("/cancel", "dependabot[bot]", "Bot"));
    expect(checkOf("e2e")).toMatchObject({ status: "in_progress" });
    await app.receive("issue_comment", comment("/cancel", "renovate[bot]", "Bot"));
    expect(checkOf("e2e")).toMatchObject({ status: "completed", conclusion: "cancelled" });
    // Neither bot needs a permission of its own: none was asked for.
    expect(fake.calls.filter((c: any) => /collaborators\/[^/]+%5Bbot%5D|collaborators\/[^/]+\[bot\]/.test(c.path))).toEqual([]);
  });
});
