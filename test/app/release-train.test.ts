/**
 * The release train through Probot against the fake GitHub: a merged PR is merged into
 * `release`, tagged `test-…`, released as `release-…` (a pre-release) and promoted.
 */
import { FakeGitHub } from "../fakes/fake-github.js";
import { buildWebhook } from "../fakes/webhooks.js";
import { buttonPayload, mergePushPayload } from "../support/payloads.js";
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
    app = await createTestApp(fake, { now: () => clock, env: { API_TOKEN: "train-token" } });
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
    await app.receive("push", mergePushPayload(repoRef, before, after, [file]));
    return { pull, after };
  }

  const pressButton = (check: string, identifier: string, sha: string, login = "maintainer") =>
    app.receive("check_run", buttonPayload(repoRef, check, identifier, sha, login));

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

  it("shows the repository's releases on its board page", async () => {
    process.env.GHE_HOST = new URL(fake.url).host; // the fake's repositories are GitHub repositories
    try {
      configure("  branch: release\n");
      await mergePr("a.txt", "Add a");
      const head = repo.sha("release");
      await pressButton("signalbox/train", "train-release", head);
      await app.close();
      app = await createTestApp(fake, { now: () => clock, env: { API_TOKEN: "train-token" } });
      const base = await app.listen();
      const report = await fetch(`${base}/api/build_status`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ token: "train-token", name: "deb", repository: `http://${process.env.GHE_HOST}/octo-org/infra`, revision: head, status: "successful" }),
      });
      expect(report.status).toBe(200);
      const page = await (await fetch(`${base}/projects/infra`)).text();
      expect(page).toContain(`release-${TODAY}-1`);
    } finally {
      delete process.env.GHE_HOST;
    }
  });

  it("promotes through the API with the token, and refuses without it", async () => {
    configure("  branch: release\n");
    await mergePr("a.txt", "Add a");
    const head = repo.sha("release");
    await pressButton("signalbox/train", "train-release", head);
    const base = await app.listen();
    const url = `${base}/api/repos/octo-org/infra/releases/release-${TODAY}-1/promote`;
    expect((await fetch(url, { method: "POST" })).status).toBe(401);
    expect((await fetch(url, { method: "POST", headers: { authorization: "Bearer wrong" } })).status).toBe(401);
    expect(repo.releases[0]).toMatchObject({ prerelease: true });
    const answer = await fetch(url, { method: "POST", headers: { authorization: "Bearer train-token" } });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ tag: `release-${TODAY}-1`, promoted: true });
    expect(repo.releases[0]).toMatchObject({ prerelease: false });

    const state = await fetch(`${base}/api/repos/octo-org/infra/train`, { headers: { authorization: "Bearer train-token" } });
    expect(await state.json()).toMatchObject({ newestTestTag: `test-${TODAY}-1`, latestRelease: `release-${TODAY}-1`, releaseHead: { sha: head } });
  });

  it("promotes on its own once the pre-release has soaked", async () => {
    clock = new Date(); // the fake stamps published_at with the real time
    configure("  branch: release\n  promote: { after: 24h, auto: true }\n");
    await mergePr("a.txt", "Add a");
    await pressButton("signalbox/train", "train-release", repo.sha("release"));
    expect(repo.releases[0]).toMatchObject({ prerelease: true });
    clock = new Date(clock.getTime() + 23 * 3600_000);
    await app.signalbox.timers!.tick();
    await app.signalbox.worker!.drain();
    expect(repo.releases[0]).toMatchObject({ prerelease: true });
    clock = new Date(clock.getTime() + 2 * 3600_000);
    await app.signalbox.timers!.tick();
    await app.signalbox.worker!.drain();
    expect(repo.releases[0]).toMatchObject({ prerelease: false });
  });

  it("runs the gate pipeline on the release head and tags only when it passes", async () => {
    repo.commit("main", {
      files: { ".github/signalbox.yml": "pipelines:\n  release:\n    on: { push: release }\n    jobs:\n      dc: { status: ci/dc }\ntrain:\n  branch: release\n  gate: release\n" },
    });
    await mergePr("a.txt", "Add a");
    const head = repo.sha("release");
    expect(repo.tags).toEqual([]);
    expect(repo.checkRuns.find((r: any) => r.name === "signalbox/release" && r.head_sha === head)).toMatchObject({ status: "in_progress" });
    await app.receive("status", buildWebhook("status", undefined, { repo: repoRef, patch: (p: any) => Object.assign(p, { sha: head, context: "ci/dc", state: "success" }) }));
    expect(repo.tags).toEqual([{ name: `test-${TODAY}-1`, sha: head }]);
  });

  it("re-runs the gate on the release head nightly and reports it on the train check run", async () => {
    repo.commit("main", {
      files: { ".github/signalbox.yml": "pipelines:\n  release:\n    on: { push: release }\n    jobs:\n      dc: { status: ci/dc }\ntrain:\n  branch: release\n  gate: release\n  nightly: \"0 15 * * *\"\n" },
    });
    await mergePr("a.txt", "Add a");
    const head = repo.sha("release");
    const dcStatus = (state: string) => buildWebhook("status", undefined, { repo: repoRef, patch: (p: any) => Object.assign(p, { sha: head, context: "ci/dc", state }) });
    await app.receive("status", dcStatus("success"));
    expect(repo.tags).toHaveLength(1);
    clock = new Date("2026-11-22T15:00:30Z");
    expect(await app.signalbox.timers!.tick()).toBeGreaterThanOrEqual(1);
    await app.signalbox.worker!.drain();
    expect(trainCheck(head).output.summary).toMatch(/nightly/i);
    expect(repo.tags).toHaveLength(1); // a nightly run never re-tags
  });

  it("pauses and resumes on maintainers' comments, catching up on resume", async () => {
    configure("  branch: release\n");
    await mergePr("a.txt", "Add a");
    const issue = repo.addPull({ head: "main", title: "ops" });
    const comment = (body: string, login: string) =>
      buildWebhook("issue_comment", "created", {
        repo: repoRef,
        patch: (p: any) => {
          const id = 500 + repo.comments.length;
          repo.comments.push({ id, body, issue_number: issue.number });
          p.comment = { ...p.comment, id, body };
          p.issue = { ...p.issue, number: issue.number };
          p.sender = { ...p.sender, login, type: "User" };
        },
      });
    await app.receive("issue_comment", comment("/train pause datacentre maintenance", "maintainer"));
    await mergePr("b.txt", "Add b");
    expect(repo.tags).toHaveLength(1);
    await app.receive("issue_comment", comment("/train resume", "maintainer"));
    expect(repo.tags.map((t: any) => t.name)).toEqual([`test-${TODAY}-1`, `test-${TODAY}-2`]);
  });

  it("tags with the semver scheme, following PR labels", async () => {
    configure("  branch: release\n  scheme: semver\n");
    await mergePr("a.txt", "Add a");
    expect(repo.tags.map((t: any) => t.name)).toEqual(["v0.0.1-rc.1"]);
  });

  it("does nothing more when there is nothing new to merge", async () => {
    configure("  branch: release\n");
    const { after } = await mergePr("a.txt", "Add a");
    const tagsBefore = repo.tags.length;
    const pushAgain = buildWebhook("push", undefined, {
      repo: repoRef,
      patch: (p: any) => {
        Object.assign(p, { ref: "refs/heads/main", before: after, after, deleted: false, forced: false });
        p.commits = [];
        p.sender = { ...p.sender, login: "author", type: "User" };
      },
    });
    await app.receive("push", pushAgain);
    expect(repo.tags).toHaveLength(tagsBefore);
    expect(repo.issues).toHaveLength(0);
  });

  it("serialises two pushes that race, ending with both merged and each commit tagged once", async () => {
    configure("  branch: release\n");
    const first = mergePr("a.txt", "Add a");
    const second = mergePr("b.txt", "Add b");
    await Promise.all([first, second]);
    await app.signalbox.worker!.drain();
    const release = repo.sha("release");
    expect(repo.file(release, "a.txt")).toBe("Add a");
    expect(repo.file(release, "b.txt")).toBe("Add b");
    const names = repo.tags.map((t: any) => t.name);
    expect(new Set(names).size).toBe(names.length);
    expect(repo.tags.find((t: any) => t.sha === release)).toBeDefined();
  });

  it("releases a test tag a maintainer pushes as release-, and refuses the Promote button to readers", async () => {
    configure("  branch: release\n");
    await mergePr("a.txt", "Add a");
    const head = repo.sha("release");
    repo.refs.set(`tags/release-${TODAY}-1`, head);
    await app.receive(
      "push",
      buildWebhook("push", undefined, {
        repo: repoRef,
        patch: (p: any) => {
          Object.assign(p, { ref: `refs/tags/release-${TODAY}-1`, before: "0".repeat(40), after: head, deleted: false, created: true });
          p.sender = { ...p.sender, login: "maintainer", type: "User" };
        },
      }),
    );
    expect(repo.releases).toEqual([expect.objectContaining({ tag_name: `release-${TODAY}-1`, prerelease: true })]);
    await pressButton("signalbox/promote", "train-promote", head, "visitor");
    expect(repo.releases[0]).toMatchObject({ prerelease: true });
  });

  it("with enforce, sets a release back to pre-release when promoted by hand against a failing gate", async () => {
    repo.commit("main", { files: { ".github/signalbox.yml": "train:\n  branch: release\n  promote: { after: 1h, enforce: true }\ngates:\n  promote: { require: [staging-smoke] }\n" } });
    await mergePr("a.txt", "Add a");
    await pressButton("signalbox/train", "train-release", repo.sha("release"));
    const release = repo.releases[0] as any;
    release.prerelease = false; // un-checked by hand on GitHub
    await app.receive(
      "release",
      buildWebhook("release", "edited", {
        repo: repoRef,
        patch: (p: any) => {
          p.release = { ...p.release, id: release.id, tag_name: release.tag_name, prerelease: false, draft: false };
          p.sender = { ...p.sender, login: "maintainer", type: "User" };
        },
      }),
    );
    expect(repo.releases[0]).toMatchObject({ prerelease: true });
    const check = repo.checkRuns.find((r: any) => r.name === "signalbox/promote");
    expect(check?.output.summary).toMatch(/set it back/);
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
