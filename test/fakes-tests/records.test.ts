import { FakeGitHub } from "../fakes/fake-github.js";
import { installationOctokit, statusOf, type TestOctokitInstance } from "./octokit.js";

const owner = "octo-org";
const repo = "app";

describe("fake GitHub check runs, statuses, releases, issues and actions", () => {
  const fake = new FakeGitHub();
  let octokit: TestOctokitInstance;
  beforeAll(async () => {
    await fake.start();
    octokit = installationOctokit(fake, 42);
  });
  afterAll(() => fake.stop());
  beforeEach(() => fake.reset());
  afterEach(() => fake.assertNoViolations());
  const setup = () => fake.addRepo({ owner, repo, installationId: 42 });

  it("creates, updates and lists check runs by name", async () => {
    const fakeRepo = setup();
    const head_sha = fakeRepo.sha("main");
    const created = await octokit.rest.checks.create({ owner, repo, name: "signalbox/e2e", head_sha, status: "in_progress", output: { title: "Running", summary: "1 job" } });
    await octokit.rest.checks.create({ owner, repo, name: "signalbox/config", head_sha, conclusion: "success" });
    const updated = await octokit.rest.checks.update({
      owner, repo, check_run_id: created.data.id, conclusion: "failure",
      output: { title: "Failed", summary: "tests failed", annotations: [{ path: "a.ts", start_line: 1, end_line: 1, annotation_level: "failure", message: "boom" }] },
    });
    expect(updated.data).toMatchObject({ status: "completed", conclusion: "failure", app: { slug: "signalbox" }, output: { title: "Failed", annotations_count: 1 } });
    const listed = await octokit.rest.checks.listForRef({ owner, repo, ref: "main", check_name: "signalbox/e2e" });
    expect(listed.data.total_count).toBe(1);
    expect(listed.data.check_runs[0]?.id).toBe(created.data.id);
    expect(fakeRepo.checkRuns).toHaveLength(2);
  });

  it("refuses more than 50 annotations in one request", async () => {
    const head_sha = setup().sha("main");
    const annotations = Array.from({ length: 51 }, () => ({ path: "a", start_line: 1, end_line: 1, annotation_level: "notice" as const, message: "m" }));
    const create = octokit.rest.checks.create({ owner, repo, name: "x", head_sha, output: { title: "t", summary: "s", annotations } });
    expect(await statusOf(create)).toBe(422);
    expect(fake.violations).toEqual([expect.stringMatching(/annotations must NOT have more than 50 items/)]);
    fake.violations.length = 0;
  });

  it("combines commit statuses, latest per context", async () => {
    const sha = setup().sha("main");
    await octokit.rest.repos.createCommitStatus({ owner, repo, sha, state: "pending", context: "ci/e2e" });
    await octokit.rest.repos.createCommitStatus({ owner, repo, sha, state: "success", context: "ci/e2e" });
    await octokit.rest.repos.createCommitStatus({ owner, repo, sha, state: "success", context: "ci/unit" });
    const { data } = await octokit.rest.repos.getCombinedStatusForRef({ owner, repo, ref: "main" });
    expect(data).toMatchObject({ state: "success", total_count: 2 });
  });

  it("creates a pre-release with its tag, refuses a duplicate, and promotes it to latest", async () => {
    const fakeRepo = setup();
    expect(await statusOf(octokit.rest.repos.getLatestRelease({ owner, repo }))).toBe(404);
    const created = await octokit.rest.repos.createRelease({ owner, repo, tag_name: "release-1", target_commitish: "main", prerelease: true });
    expect(fakeRepo.tags).toEqual([{ name: "release-1", sha: fakeRepo.sha("main") }]);
    expect(await statusOf(octokit.rest.repos.createRelease({ owner, repo, tag_name: "release-1" }))).toBe(422);
    expect(await statusOf(octokit.rest.repos.getLatestRelease({ owner, repo }))).toBe(404);
    await octokit.rest.repos.updateRelease({ owner, repo, release_id: created.data.id, prerelease: false, make_latest: "true" });
    const latest = await octokit.rest.repos.getLatestRelease({ owner, repo });
    expect(latest.data).toMatchObject({ id: created.data.id, tag_name: "release-1", prerelease: false });
    expect((await octokit.rest.repos.getReleaseByTag({ owner, repo, tag: "release-1" })).data.id).toBe(created.data.id);
    expect((await octokit.rest.repos.listReleases({ owner, repo })).data).toHaveLength(1);
  });

  it("opens, labels, comments on and lists issues", async () => {
    const fakeRepo = setup();
    const issue = await octokit.rest.issues.create({ owner, repo, title: "Release train blocked", labels: ["signalbox"] });
    await octokit.rest.issues.addLabels({ owner, repo, issue_number: issue.data.number, labels: ["urgent"] });
    await octokit.rest.issues.removeLabel({ owner, repo, issue_number: issue.data.number, name: "urgent" });
    await octokit.rest.issues.createComment({ owner, repo, issue_number: issue.data.number, body: "still blocked" });
    const listed = await octokit.rest.issues.listForRepo({ owner, repo, labels: "signalbox", creator: "signalbox[bot]" });
    expect(listed.data.map((i) => [i.title, i.comments])).toEqual([["Release train blocked", 1]]);
    await octokit.rest.issues.update({ owner, repo, issue_number: issue.data.number, state: "closed" });
    expect(fakeRepo.issues[0]).toMatchObject({ state: "closed" });
    expect(fakeRepo.comments[0]).toMatchObject({ body: "still blocked" });
  });

  it("answers collaborator permissions", async () => {
    setup().setPermission("maintainer", "admin");
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ owner, repo, username: "maintainer" });
    expect(data).toMatchObject({ permission: "admin", role_name: "admin", user: { login: "maintainer" } });
  });

  it("dispatches workflows with run details, lists and cancels runs", async () => {
    const fakeRepo = setup();
    const plain = await octokit.rest.actions.createWorkflowDispatch({ owner, repo, workflow_id: "e2e.yml", ref: "main" });
    expect(plain.status).toBe(204);
    const detailed = await octokit.request("POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", {
      owner, repo, workflow_id: "e2e.yml", ref: "main", inputs: { suite: "smoke" }, return_run_details: true,
    });
    const runId = (detailed.data as { workflow_run_id: number }).workflow_run_id;
    expect(fakeRepo.dispatches).toHaveLength(2);
    expect(fakeRepo.dispatches[1]).toMatchObject({ workflow_id: "e2e.yml", inputs: { suite: "smoke" }, run_id: runId });
    const runs = await octokit.rest.actions.listWorkflowRuns({ owner, repo, workflow_id: "e2e.yml" });
    expect(runs.data.total_count).toBe(2);
    expect((await octokit.rest.actions.cancelWorkflowRun({ owner, repo, run_id: runId })).status).toBe(202);
    expect((await octokit.rest.actions.getWorkflowRun({ owner, repo, run_id: runId })).data.conclusion).toBe("cancelled");
  });
});
