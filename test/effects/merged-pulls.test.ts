/** Which merged PRs a range of commits brought, asked of the fake GitHub only where PRs land. */
import { listMergedPulls } from "../../src/effects/merged-pulls.js";
import { FakeGitHub } from "../fakes/fake-github.js";
import { installationOctokit } from "../fakes-tests/octokit.js";

const ref = { owner: "octo-org", repo: "pulls", installationId: 71 };

describe("listMergedPulls", () => {
  const fake = new FakeGitHub();
  let repo: ReturnType<FakeGitHub["addRepo"]>;
  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  beforeEach(() => {
    fake.reset();
    repo = fake.addRepo({ ...ref, defaultBranch: "main" });
  });
  afterEach(() => fake.assertNoViolations());

  const pullsAsked = () => fake.calls.filter((c) => /\/commits\/[0-9a-f]{40}\/pulls$/.test(c.path)).length;

  function openPr(branch: string, files: Record<string, string>[]) {
    repo.branch(branch);
    for (const change of files) repo.commit(branch, { files: change });
    return repo.addPull({ head: branch, title: `PR ${branch}`, user: "author" });
  }

  it("asks for the merge commits' PRs only, not for every commit their branches brought", async () => {
    const before = repo.sha("main");
    openPr("one", [{ "a.txt": "a" }, { "b.txt": "b" }, { "c.txt": "c" }]);
    repo.mergePull(Number(repo.pulls[0]!.number));
    openPr("two", [{ "d.txt": "d" }, { "e.txt": "e" }]);
    repo.mergePull(Number(repo.pulls[1]!.number));
    const pulls = await listMergedPulls(installationOctokit(fake, ref.installationId), ref, before, repo.sha("main"));
    expect(pulls.map((p) => p.title).sort()).toEqual(["PR one", "PR two"]);
    expect(pullsAsked()).toBe(2);
  });

  it("finds a PR merged by hand (a merge commit no PR claims) through the merge's other parent", async () => {
    const before = repo.sha("main");
    const pull = openPr("manual", [{ "m.txt": "m" }]);
    const head = repo.sha("manual");
    const merge = repo.git.create([before, head], new Map([...repo.git.get(head)!.files]), "Merge branch 'manual'");
    repo.refs.set("heads/main", merge.sha);
    Object.assign(pull, { state: "closed", merged: true, merged_at: new Date().toISOString() });
    const pulls = await listMergedPulls(installationOctokit(fake, ref.installationId), ref, before, merge.sha);
    expect(pulls.map((p) => p.number)).toEqual([pull.number]);
  });

  it("lists nothing for a direct push no PR made", async () => {
    const before = repo.sha("main");
    const after = repo.commit("main", { files: { "direct.txt": "x" } });
    expect(await listMergedPulls(installationOctokit(fake, ref.installationId), ref, before, after)).toEqual([]);
    expect(pullsAsked()).toBe(1);
  });
});
