/**
 * Paths that work without an app-level test of their own until now: a `gates.test_tag` policy
 * beside a gate pipeline, a release packaged from draft to published pre-release, and results
 * taken from other apps' check runs, workflow runs and workflow jobs.
 */
import { FakeGitHub } from "../fakes/fake-github.js";
import { buildWebhook } from "../fakes/webhooks.js";
import { buttonPayload, mergePushPayload } from "../support/payloads.js";
import { createTestApp, type TestApp } from "../support/test-app.js";

const repoRef = { owner: "octo-org", repo: "net", installationId: 57 };
const TODAY = "2026.11.22";

describe("the train's gates and packaging, and results from other CI", () => {
  const fake = new FakeGitHub();
  let app: TestApp;
  let clock: Date;
  let repo: ReturnType<FakeGitHub["addRepo"]>;

  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  beforeEach(async () => {
    fake.reset();
    clock = new Date("2026-11-22T10:00:00Z");
    app = await createTestApp(fake, { now: () => clock });
    repo = fake.addRepo({ ...repoRef, defaultBranch: "main" });
    repo.setPermission("maintainer", "write");
  });
  afterEach(async () => {
    await app.close();
    fake.assertNoViolations();
  });

  const configure = (yaml: string) => repo.commit("main", { files: { ".github/signalbox.yml": yaml } });

  async function mergePr(file: string, title: string) {
    const before = repo.sha("main");
    repo.branch(`pr-${file}`);
    repo.commit(`pr-${file}`, { files: { [file]: title } });
    const pull = repo.addPull({ head: `pr-${file}`, title, user: "author" });
    const after = repo.mergePull(pull.number);
    await app.receive("push", mergePushPayload(repoRef, before, after, [file]));
    return pull;
  }

  const status = (sha: string, context: string, state: string) =>
    buildWebhook("status", undefined, { repo: repoRef, patch: (p: any) => Object.assign(p, { sha, context, state, target_url: "https://ci.example/1", sender: { ...p.sender, login: "ci", type: "User" } }) });
  const checkOf = (name: string, sha: string): any => repo.checkRuns.find((r: any) => r.name === name && r.head_sha === sha);

  it("tags the release head only when both the gate pipeline and gates.test_tag pass", async () => {
    configure(
      "pipelines:\n  release:\n    on: { push: release }\n    jobs:\n      dc: { status: ci/dc }\n" +
        "train:\n  branch: release\n  gate: release\ngates:\n  test_tag: { require: [dc-smoke] }\n",
    );
    await mergePr("a.txt", "Add a");
    const first = repo.sha("release");
    await app.receive("status", status(first, "dc-smoke", "failure"));
    await app.receive("status", status(first, "ci/dc", "success"));
    expect(repo.tags).toEqual([]);
    expect(checkOf("signalbox/train", first).output.summary).toMatch(/gates\.test\\_tag \| ❌ failed \| Of 1 required test, 1 failed/);

    await mergePr("b.txt", "Add b");
    const second = repo.sha("release");
    await app.receive("status", status(second, "dc-smoke", "success"));
    expect(repo.tags).toEqual([]); // the gate pipeline has not passed yet
    await app.receive("status", status(second, "ci/dc", "success"));
    expect(repo.tags).toEqual([{ name: `test-${TODAY}-1`, sha: second }]);
  });

  it("releases as a draft while the package pipeline builds, then publishes the pre-release", async () => {
    configure("pipelines:\n  package:\n    on: { tag: \"release-*\" }\n    jobs:\n      deb: { status: ci/deb }\ntrain:\n  branch: release\n");
    const pull = await mergePr("a.txt", "Add a");
    const head = repo.sha("release");
    await app.receive("check_run", buttonPayload(repoRef, "signalbox/train", "train-release", head));
    expect(repo.releases).toEqual([expect.objectContaining({ tag_name: `release-${TODAY}-1`, draft: true, prerelease: true })]);
    expect(checkOf("signalbox/package", head)).toMatchObject({ status: "in_progress" });

    await app.receive("status", status(head, "ci/deb", "success"));
    expect(repo.releases[0]).toMatchObject({ draft: false, prerelease: true });
    const where = repo.comments.filter((c: any) => c.issue_number === pull.number);
    expect(where).toHaveLength(1);
    expect(where[0]!.body).toContain(`release-${TODAY}-1`);
  });

  describe("results from other apps", () => {
    beforeEach(() => configure("gates:\n  merge_to_release: { require: [build, \"ci / *\"] }\n"));
    const byCi = (p: any) => (p.sender = { ...p.sender, login: "other-ci[bot]", type: "Bot" });

    it("records another app's completed check run, and ignores one still running", async () => {
      const sha = repo.sha("main");
      const checkRun = (action: string, status: string, conclusion: string | null) =>
        buildWebhook("check_run", action, { repo: repoRef, patch: (p: any) => {
          Object.assign(p.check_run, { name: "build", head_sha: sha, status, conclusion, html_url: "https://ci.example/build/1" });
          byCi(p);
        } });
      await app.receive("check_run", checkRun("created", "in_progress", null));
      expect(await app.store.results.forItem(repoRef, sha)).toEqual([]);
      await app.receive("check_run", checkRun("completed", "completed", "failure"));
      const stored = await app.store.results.forItem(repoRef, sha);
      expect(stored).toEqual([expect.objectContaining({ testcase: "build", outcome: "FAILED", source: "check_run", refUrl: "https://ci.example/build/1" })]);
      expect(checkOf("signalbox/gate:merge_to_release", sha)).toMatchObject({ conclusion: "failure" });
    });

    it("records completed workflow runs and workflow jobs, and a skipped run as nothing", async () => {
      const sha = repo.sha("main");
      const workflowRun = (name: string, conclusion: string) =>
        buildWebhook("workflow_run", "completed", { repo: repoRef, patch: (p: any) => {
          Object.assign(p.workflow_run, { name, head_sha: sha, status: "completed", conclusion });
          byCi(p);
        } });
      const workflowJob = (name: string, conclusion: string) =>
        buildWebhook("workflow_job", "completed", { repo: repoRef, patch: (p: any) => {
          Object.assign(p.workflow_job, { name, head_sha: sha, status: "completed", conclusion });
          byCi(p);
        } });
      await app.receive("workflow_run", workflowRun("build", "success"));
      await app.receive("workflow_job", workflowJob("ci / lint", "skipped"));
      expect(checkOf("signalbox/gate:merge_to_release", sha)).toMatchObject({ status: "in_progress" });
      await app.receive("workflow_job", workflowJob("ci / unit", "success"));
      const stored = await app.store.results.forItem(repoRef, sha);
      expect(stored.map((r) => [r.testcase, r.outcome, r.source])).toEqual([
        ["build", "PASSED", "workflow_run"],
        ["ci / unit", "PASSED", "workflow_job"],
      ]);
      expect(checkOf("signalbox/gate:merge_to_release", sha)).toMatchObject({ conclusion: "success" });
    });
  });
});
