import { FakeGitHub } from "../fakes/fake-github.js";
import { installationOctokit, statusOf, type TestOctokitInstance } from "./octokit.js";

const owner = "octo-org";
const repoName = "app";

describe("fake GitHub git data, commits and merges", () => {
  const fake = new FakeGitHub();
  let octokit: TestOctokitInstance;
  beforeAll(async () => {
    await fake.start();
    octokit = installationOctokit(fake, 42);
  });
  afterAll(() => fake.stop());
  beforeEach(() => fake.reset());
  afterEach(() => fake.assertNoViolations());

  const setup = () => fake.addRepo({ owner, repo: repoName, defaultBranch: "main", installationId: 42, files: { "a.txt": "a\n" } });
  const merge = (base: string, head: string) =>
    octokit.rest.repos.merge({ owner, repo: repoName, base, head, commit_message: `merge ${head}`, request: { retries: 0 } });

  it("serves files as base64 JSON and as raw text, and 404 for a missing one", async () => {
    const repo = setup();
    repo.commit("main", { files: { "docs/x.md": "hello" } });
    const { data } = await octokit.rest.repos.getContent({ owner, repo: repoName, path: "docs/x.md" });
    expect(data).toMatchObject({ type: "file", encoding: "base64", path: "docs/x.md" });
    expect(Buffer.from((data as { content: string }).content, "base64").toString()).toBe("hello");
    const raw = await octokit.rest.repos.getContent({ owner, repo: repoName, path: "docs/x.md", mediaType: { format: "raw" } });
    expect(raw.data).toBe("hello");
    expect(await statusOf(octokit.rest.repos.getContent({ owner, repo: repoName, path: "nope.md" }))).toBe(404);
  });

  it("creates, reads, moves and deletes refs; a second create is 422", async () => {
    const repo = setup();
    const first = repo.sha("main");
    const second = repo.commit("main", { files: { "b.txt": "b" } });
    const created = await octokit.rest.git.createRef({ owner, repo: repoName, ref: "refs/tags/test-1", sha: first });
    expect(created.status).toBe(201);
    expect(await statusOf(octokit.rest.git.createRef({ owner, repo: repoName, ref: "refs/tags/test-1", sha: first }))).toBe(422);
    expect((await octokit.rest.git.getRef({ owner, repo: repoName, ref: "tags/test-1" })).data.object.sha).toBe(first);
    await octokit.rest.git.createRef({ owner, repo: repoName, ref: "refs/tags/release-1", sha: first });
    const matching = await octokit.rest.git.listMatchingRefs({ owner, repo: repoName, ref: "tags/test-" });
    expect(matching.data.map((r) => r.ref)).toEqual(["refs/tags/test-1"]);
    await octokit.rest.git.updateRef({ owner, repo: repoName, ref: "tags/test-1", sha: second, force: true });
    expect(repo.tags).toContainEqual({ name: "test-1", sha: second });
    expect(await statusOf(octokit.rest.git.deleteRef({ owner, repo: repoName, ref: "tags/test-1" }))).toBe(204);
    expect(await statusOf(octokit.rest.git.getRef({ owner, repo: repoName, ref: "tags/test-1" }))).toBe(404);
  });

  it("answers commits with parents and files, and compares branches", async () => {
    const repo = setup();
    repo.branch("feature");
    const sha = repo.commit("feature", { files: { "b.txt": "b\n", "a.txt": null }, message: "add b" });
    const { data } = await octokit.rest.repos.getCommit({ owner, repo: repoName, ref: sha });
    expect(data.parents.map((p) => p.sha)).toEqual([repo.sha("main")]);
    expect(data.files?.map((f) => `${f.status} ${f.filename}`)).toEqual(["removed a.txt", "added b.txt"]);
    const compare = await octokit.rest.repos.compareCommitsWithBasehead({ owner, repo: repoName, basehead: "main...feature" });
    expect(compare.data).toMatchObject({ status: "ahead", ahead_by: 1, behind_by: 0 });
    const list = await octokit.rest.repos.listCommits({ owner, repo: repoName, sha: "feature" });
    expect(list.data.map((c) => c.commit.message)).toEqual(["add b", "Initial commit"]);
    expect((await octokit.rest.repos.getBranch({ owner, repo: repoName, branch: "feature" })).data.commit.sha).toBe(sha);
  });

  it("merges: 201 with two parents, 204 when contained, 409 on conflict, 404 for a missing branch", async () => {
    const repo = setup();
    repo.branch("release");
    repo.commit("main", { files: { "b.txt": "from main" } });
    repo.commit("release", { files: { "c.txt": "hotfix" } });
    const merged = await merge("release", "main");
    expect(merged.status).toBe(201);
    expect(merged.data.parents).toHaveLength(2);
    expect(repo.sha("release")).toBe(merged.data.sha);
    expect(repo.file("release", "b.txt")).toBe("from main");
    expect(repo.file("release", "c.txt")).toBe("hotfix");
    expect(await statusOf(merge("release", "main"))).toBe(204);
    repo.commit("main", { files: { "a.txt": "main says" } });
    repo.commit("release", { files: { "a.txt": "release says" } });
    expect(await statusOf(merge("release", "main"))).toBe(409);
    expect(await statusOf(merge("nope", "main"))).toBe(404);
    expect(await statusOf(merge("release", "nope"))).toBe(404);
  });

  it("refuses a merge touching .github/workflows/ without the workflows permission", async () => {
    const repo = setup();
    repo.branch("release");
    repo.commit("main", { files: { ".github/workflows/ci.yml": "on: push\n" } });
    fake.permissions.workflows = "read";
    expect(await statusOf(merge("release", "main"))).toBe(403);
    fake.permissions.workflows = "write";
    expect(await statusOf(merge("release", "main"))).toBe(201);
  });

  it("lists pull requests, their commits and the pulls of a commit", async () => {
    const repo = setup();
    repo.branch("feature");
    const sha = repo.commit("feature", { files: { "f.txt": "f" } });
    const pull = repo.addPull({ head: "feature", labels: ["run-e2e"] });
    const listed = await octokit.rest.pulls.list({ owner, repo: repoName });
    expect(listed.data.map((p) => [p.number, p.head.sha, p.labels.map((l) => l.name)])).toEqual([[pull.number, sha, ["run-e2e"]]]);
    const commits = await octokit.rest.pulls.listCommits({ owner, repo: repoName, pull_number: pull.number });
    expect(commits.data.map((c) => c.sha)).toEqual([sha]);
    const of = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({ owner, repo: repoName, commit_sha: sha });
    expect(of.data.map((p) => p.number)).toEqual([pull.number]);
  });
});
