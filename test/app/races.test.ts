/**
 * Events that race and repeat: the same event under two delivery ids (a manual redelivery), a
 * workflow run finishing before signalbox knew its id, and several deliveries for one repository
 * arriving at once. Nothing is done twice, and one repository's events are handled one at a time,
 * in the order they arrived.
 */
import type { JournalEntry } from "../../src/store/store.js";
import { FakeGitHub } from "../fakes/fake-github.js";
import { buildWebhook } from "../fakes/webhooks.js";
import { mergePushPayload } from "../support/payloads.js";
import { createTestApp, type TestApp } from "../support/test-app.js";
import { openContributorPull, pullRequestWebhook } from "../support/seed-repo.js";

const repoRef = { owner: "octo-org", repo: "relay", installationId: 88 };
const CONFIG = `pipelines:
  e2e:
    on: { label: run-e2e }
    jobs:
      build: { workflow: build.yml }
  lint:
    on: { push: main }
    jobs:
      lint: { workflow: lint.yml }
train:
  branch: release
`;

describe("racing and repeated events", () => {
  const fake = new FakeGitHub();
  let app: TestApp;
  let repo: ReturnType<FakeGitHub["addRepo"]>;

  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  beforeEach(async () => {
    fake.reset();
    app = await createTestApp(fake);
    repo = fake.addRepo({ ...repoRef, defaultBranch: "main" });
    repo.commit("main", { files: { ".github/signalbox.yml": CONFIG } });
    repo.branch("release");
    repo.setPermission("maintainer", "write");
  });
  afterEach(async () => {
    await app.close();
    fake.assertNoViolations();
  });

  function mergeToMain(file: string) {
    const before = repo.sha("main");
    repo.branch(`pr-${file}`);
    repo.commit(`pr-${file}`, { files: { [file]: file } });
    const after = repo.mergePull(repo.addPull({ head: `pr-${file}`, title: file, user: "author" }).number);
    return { after, payload: mergePushPayload(repoRef, before, after, [file]) };
  }

  const labeled = (pull: any) =>
    pullRequestWebhook("labeled", repoRef, { number: pull.number, headSha: repo.sha("feature") });

  const workflowRunCompleted = (id: number, workflow: string, sha: string) =>
    buildWebhook("workflow_run", "completed", {
      repo: repoRef,
      patch: (p: any) => {
        Object.assign(p.workflow_run, { id, path: `.github/workflows/${workflow}`, head_sha: sha, conclusion: "success", status: "completed", html_url: `https://github.com/octo-org/relay/actions/runs/${id}` });
        // The run signalbox dispatched: on the pull request's branch, in this repository.
        Object.assign(p.workflow_run, { event: "workflow_dispatch", head_branch: "feature", head_repository: p.repository });
        p.sender = { ...p.sender, login: "maintainer", type: "User" };
      },
    });

  const writes = () => fake.calls.filter((c) => c.method !== "GET");

  it("a push redelivered under a new id merges, tags and starts its pipeline once", async () => {
    const { after, payload } = mergeToMain("a.txt");
    await app.receive("push", payload, "push-original");
    const writesBefore = writes().length;
    await app.receive("push", payload, "push-redelivered");
    expect(repo.git.between(repo.sha("main"), repo.sha("release"))).toHaveLength(1);
    expect(repo.tags.map((t) => t.name)).toHaveLength(1);
    expect(repo.dispatches.filter((d: any) => d.workflow_id === "lint.yml" && d.inputs.sha === after)).toHaveLength(1);
    // The redelivery asked GitHub to merge, and found it merged; it wrote nothing else.
    expect(writes().slice(writesBefore).map((c) => `${c.method} ${c.path}`)).toEqual(["POST /repos/octo-org/relay/merges"]);
  });

  it("a label event redelivered under a new id starts the pipeline once", async () => {
    const pull = openContributorPull(repo);
    const payload = labeled(pull);
    await app.receive("pull_request", payload, "label-original");
    await app.receive("pull_request", payload, "label-redelivered");
    expect(repo.dispatches.filter((d: any) => d.workflow_id === "build.yml")).toHaveLength(1);
    const check: any = repo.checkRuns.find((r: any) => r.name === "signalbox/e2e");
    expect(check).toMatchObject({ status: "in_progress" });
  });

  it("matches a workflow run that finished before signalbox knew its id, by workflow and commit", async () => {
    fake.dispatchRunDetails = false;
    const pull = openContributorPull(repo);
    // Both arrive before either is processed: the run's completion waits behind the dispatch.
    await Promise.all([
      app.probot.receive({ id: "label-1", name: "pull_request", payload: labeled(pull) } as never),
      app.probot.receive({ id: "run-done", name: "workflow_run", payload: workflowRunCompleted(4242, "build.yml", repo.sha("feature")) } as never),
    ]);
    await app.signalbox.worker!.drain();
    expect(repo.dispatches.filter((d: any) => d.workflow_id === "build.yml")).toHaveLength(1);
    const check: any = repo.checkRuns.find((r: any) => r.name === "signalbox/e2e");
    expect(check).toMatchObject({ status: "completed", conclusion: "success" });
    expect(check.output.summary).toContain("https://github.com/octo-org/relay/actions/runs/4242");
  });

  it("handles deliveries that arrive at once for one repository one at a time, in order", async () => {
    let inFlight = 0;
    let most = 0;
    const handled: string[] = [];
    const journal = app.store.journal;
    const { claimNext, finish } = journal;
    journal.claimNext = async (...args) => {
      const entry: JournalEntry | undefined = await claimNext.apply(journal, args);
      if (entry) most = Math.max(most, ++inFlight);
      return entry;
    };
    journal.finish = async (id, ...rest) => {
      inFlight--;
      handled.push(id);
      return finish.apply(journal, [id, ...rest]);
    };
    const pushes = ["a.txt", "b.txt", "c.txt", "d.txt"].map((file) => mergeToMain(file));
    await Promise.all(pushes.map(({ payload }, i) => app.probot.receive({ id: `push-${i}`, name: "push", payload } as never)));
    await app.signalbox.worker!.drain();
    expect(most).toBe(1);
    expect(handled.filter((id) => id.startsWith("push-"))).toEqual(["push-0", "push-1", "push-2", "push-3"]);
    const merged = fake.calls.filter((c) => c.method === "POST" && c.path.endsWith("/merges")).map((c) => (c.body as { head: string }).head);
    expect(merged).toEqual(pushes.map((p) => p.after));
    const tags = repo.tags.map((t) => t.name);
    expect(new Set(tags).size).toBe(4);
    expect(repo.tags.find((t) => t.sha === repo.sha("release"))).toBeDefined();
  });
});
