/**
 * The release train through Probot against the fake GitHub: a merged PR is merged into
 * `release`, tagged `test-…`, released as `release-…` (a pre-release) and promoted.
 */
import { FakeGitHub } from "../fakes/fake-github.js";
import { buildWebhook } from "../fakes/webhooks.js";
import { createTestApp, type TestApp } from "../support/test-app.js";

const repoRef = { owner: "octo-org", repo: "infra", installationId: 31 };
const TODAY = "2026.11.22";

describe("the release train", () => {
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
    repo.setPermission("visitor", "read");
  });
  afterEach(async () => {
    await app.close();
    fake.assertNoViolations();
  });

  function configure(train: string) {
    repo.commit("main", { files: { ".github/signalbox.yml": `train:\n${train}` } });
  }

  /** A PR merged on GitHub, and the push to main it causes. */
  async function mergePr(file: string, title: string) {
    const before = repo.sha("main");
    repo.branch(`pr-${file}`);
    repo.commit(`pr-${file}`, { files: { [file]: title } });
    const pull = repo.addPull({ head: `pr-${file}`, title, user: "author" });
    const after = repo.mergePull(pull.number);
    const payload = buildWebhook("push", undefined, {
      repo: repoRef,
      patch: (p: any) => {
        Object.assign(p, { ref: "refs/heads/main", before, after, deleted: false, forced: false, created: false });
        p.repository.default_branch = "main";
        p.commits = [{ ...(p.commits?.[0] ?? {}), id: after, added: [file], removed: [], modified: [] }];
        p.sender = { ...p.sender, login: "author", type: "User" };
      },
    });
    await app.receive("push", payload);
    return { pull, after };
  }

  const pressButton = (check: string, identifier: string, sha: string, login = "maintainer") =>
    app.receive(
      "check_run",
      buildWebhook("check_run", "requested_action", {
        repo: repoRef,
        patch: (p: any) => {
          Object.assign(p.check_run, { name: check, head_sha: sha });
          p.requested_action = { identifier };
          p.sender = { ...p.sender, login, type: "User" };
        },
      }),
    );

  const trainCheck = (sha: string): any => repo.checkRuns.find((r: any) => r.name === "signalbox/train" && r.head_sha === sha);

  it("creates the release branch, tags it, releases it with the button, and promotes it", async () => {
    configure("  branch: release\n");
    const { pull } = await mergePr("a.txt", "Add a");
    const head = repo.sha("release");
    expect(repo.tags).toEqual([{ name: `test-${TODAY}-1`, sha: head }]);
    expect(trainCheck(head).actions.map((a: any) => a.identifier)).toContain("train-release");

    await pressButton("signalbox/train", "train-release", head, "visitor");
    expect(repo.releases).toHaveLength(0);

    await pressButton("signalbox/train", "train-release", head);
    expect(repo.tags.map((t: any) => t.name).sort()).toEqual([`release-${TODAY}-1`, `test-${TODAY}-1`]);
    expect(repo.releases).toEqual([expect.objectContaining({ tag_name: `release-${TODAY}-1`, prerelease: true, draft: false })]);
    expect((repo.releases[0] as any).body).toContain(`#${pull.number}`);

    await pressButton("signalbox/promote", "train-promote", head);
    expect(repo.releases[0]).toMatchObject({ prerelease: false });
    const comment = repo.comments.filter((c: any) => c.issue_number === pull.number);
    expect(comment).toHaveLength(1);
  });

  it("numbers a later merge's tag one higher, and leaves the store out of it", async () => {
    configure("  branch: release\n");
    await mergePr("a.txt", "Add a");
    await mergePr("b.txt", "Add b");
    expect(repo.tags.map((t: any) => t.name)).toEqual([`test-${TODAY}-1`, `test-${TODAY}-2`]);
    const restarted = await (async () => {
      await app.close();
      app = await createTestApp(fake, { now: () => clock }); // a new, empty store
      return mergePr("c.txt", "Add c");
    })();
    expect(restarted).toBeDefined();
    expect(repo.tags.map((t: any) => t.name)).toContain(`test-${TODAY}-3`);
  });

  it("opens one issue for a merge conflict, however many pushes hit it", async () => {
    configure("  branch: release\n");
    await mergePr("a.txt", "Add a");
    repo.commit("release", { files: { "conflict.txt": "release side" } });
    await mergePr("conflict.txt", "main side");
    await mergePr("d.txt", "Add d");
    const blocked = repo.issues.filter((i: any) => String(i.title).startsWith("Release train blocked"));
    expect(blocked).toHaveLength(1);
    const sourceCheck = repo.checkRuns.find((r: any) => r.name === "signalbox/train" && r.conclusion === "failure");
    expect(sourceCheck?.output.title).toMatch(/conflict/i);
  });

  it("refuses a pushed release tag without a matching test tag, and says why", async () => {
    configure("  branch: release\n");
    await mergePr("a.txt", "Add a");
    const sha = repo.sha("main");
    repo.refs.set(`tags/release-${TODAY}-7`, sha);
    await app.receive(
      "push",
      buildWebhook("push", undefined, {
        repo: repoRef,
        patch: (p: any) => {
          Object.assign(p, { ref: `refs/tags/release-${TODAY}-7`, before: "0".repeat(40), after: sha, deleted: false, created: true });
          p.sender = { ...p.sender, login: "maintainer", type: "User" };
        },
      }),
    );
    expect(repo.releases).toHaveLength(0);
    const check = repo.checkRuns.find((r: any) => r.name === "signalbox/train" && r.head_sha === sha && r.conclusion === "failure");
    expect(check?.output.summary).toMatch(/test-2026\.11\.22-7/);
  });
});
