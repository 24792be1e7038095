/**
 * Where the train's paths meet: a pushed release tag, a 204 merge, the Promote button after a
 * late promote gate, a config push that changes the gates, date and semver tags in every view,
 * and a policy's validity window.
 */
import { FakeGitHub } from "../fakes/fake-github.js";
import { buildWebhook } from "../fakes/webhooks.js";
import { buttonPayload, mergePushPayload } from "../support/payloads.js";
import { createTestApp, type TestApp } from "../support/test-app.js";

const repoRef = { owner: "octo-org", repo: "rails", installationId: 73 };
const TODAY = "2026.11.22";

describe("the seams of the release train and its gates", () => {
  const fake = new FakeGitHub();
  let app: TestApp;
  let clock: Date;
  let repo: ReturnType<FakeGitHub["addRepo"]>;

  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  beforeEach(async () => {
    fake.reset();
    clock = new Date("2026-11-22T10:00:00Z");
    app = await createTestApp(fake, { now: () => clock, env: { API_TOKEN: "seams-token" } });
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

  const press = (check: string, identifier: string, sha: string) => app.receive("check_run", buttonPayload(repoRef, check, identifier, sha));
  const tagPush = (name: string, sha: string, sender = "maintainer") =>
    buildWebhook("push", undefined, {
      repo: repoRef,
      patch: (p: any) => {
        Object.assign(p, { ref: `refs/tags/${name}`, before: "0".repeat(40), after: sha, deleted: false, created: true });
        p.sender = { ...p.sender, login: sender, type: "User" };
      },
    });
  const status = (sha: string, context: string, state: string) =>
    buildWebhook("status", undefined, { repo: repoRef, patch: (p: any) => Object.assign(p, { sha, context, state, sender: { ...p.sender, login: "ci", type: "User" } }) });
  const checkOf = (name: string, sha: string): any => repo.checkRuns.find((r: any) => r.name === name && r.head_sha === sha);
  const whereComment = (pull: { number?: unknown }) => repo.comments.filter((c: any) => c.issue_number === pull.number);

  describe("1. a pushed release- tag", () => {
    it("names the release in the PRs' comments and notes, as the Release button does, after a previous release", async () => {
      configure("train:\n  branch: release\n");
      await mergePr("a.txt", "Add a");
      await press("signalbox/train", "train-release", repo.sha("release"));
      expect(repo.releases).toHaveLength(1);

      const pull = await mergePr("b.txt", "Add b");
      const head = repo.sha("release");
      expect(repo.tags.find((t: any) => t.sha === head)?.name).toBe(`test-${TODAY}-2`);
      repo.refs.set(`tags/release-${TODAY}-2`, head);
      await app.receive("push", tagPush(`release-${TODAY}-2`, head));

      const release: any = repo.releases.find((r: any) => r.tag_name === `release-${TODAY}-2`);
      expect(release).toMatchObject({ prerelease: true });
      expect(release.body).toContain(`#${pull.number}`);
      const comments = whereComment(pull);
      expect(comments).toHaveLength(1);
      expect(comments[0]!.body).toContain(`release-${TODAY}-2`);
    });

    it("names the release in the PR's comment when the release branch was there before the train", async () => {
      configure("train:\n  branch: release\n");
      repo.branch("release");
      const pull = await mergePr("a.txt", "Add a");
      const head = repo.sha("release");
      expect(repo.tags).toEqual([{ name: `test-${TODAY}-1`, sha: head }]);
      repo.refs.set(`tags/release-${TODAY}-1`, head);
      await app.receive("push", tagPush(`release-${TODAY}-1`, head));
      expect((repo.releases[0] as any).body).toContain(`#${pull.number}`);
      const comments = whereComment(pull);
      expect(comments).toHaveLength(1);
      expect(comments[0]!.body).toContain(`release-${TODAY}-1`);
    });

    it("names the release in the PR's comment on the Release button when the release branch was there before the train", async () => {
      configure("train:\n  branch: release\n");
      repo.branch("release");
      const pull = await mergePr("a.txt", "Add a");
      await press("signalbox/train", "train-release", repo.sha("release"));
      expect((repo.releases[0] as any).body).toContain(`#${pull.number}`);
      expect(whereComment(pull)[0]!.body).toContain(`release-${TODAY}-1`);
    });
  });

  describe("2. a merge that answers 204", () => {
    /** `git merge main` on `release` and a push, by a person: a merge commit the train did not make. */
    function mergeMainByHand(): string {
      const [base, head] = [repo.sha("release"), repo.sha("main")];
      const merged = repo.git.merge(base, head);
      if (merged.kind === "conflict") throw new Error("unexpected conflict");
      const commit = repo.git.create([base, head], merged.files, "Merge branch 'main' into release");
      repo.refs.set("heads/release", commit.sha);
      return commit.sha;
    }

    it("never tags a release head someone merged by hand", async () => {
      configure("train:\n  branch: release\n");
      await mergePr("a.txt", "Add a");
      expect(repo.tags).toHaveLength(1);
      const before = repo.sha("main");
      repo.branch("pr-b");
      repo.commit("pr-b", { files: { "b.txt": "b" } });
      const after = repo.mergePull(repo.addPull({ head: "pr-b", title: "Add b", user: "author" }).number);
      const handMade = mergeMainByHand();
      await app.receive("push", mergePushPayload(repoRef, before, after, ["b.txt"]));
      expect(repo.sha("release")).toBe(handMade);
      expect(repo.tags).toHaveLength(1);
      expect(repo.tags.find((t: any) => t.sha === handMade)).toBeUndefined();
      expect(repo.checkRuns.filter((r: any) => r.head_sha === handMade)).toEqual([]);
    });
  });

  describe("3. the Promote button", () => {
    it("appears as soon as gates.promote passes after the pre-release was published", async () => {
      configure("train:\n  branch: release\ngates:\n  promote: { require: [staging-smoke] }\n");
      await mergePr("a.txt", "Add a");
      const head = repo.sha("release");
      await press("signalbox/train", "train-release", head);
      expect(checkOf("signalbox/promote", head)).toMatchObject({ conclusion: "failure", actions: [] });
      expect(checkOf("signalbox/promote", head).output.summary).toContain("1 missing");

      await app.receive("status", status(head, "staging-smoke", "success"));
      expect(checkOf("signalbox/gate:promote", head)).toMatchObject({ conclusion: "success" });
      const promote = checkOf("signalbox/promote", head);
      expect(promote).toMatchObject({ conclusion: "neutral", output: expect.objectContaining({ title: `release-${TODAY}-1 may be promoted` }) });
      expect(promote.actions.map((a: any) => a.identifier)).toEqual(["train-promote"]);

      await press("signalbox/promote", "train-promote", head);
      expect(repo.releases[0]).toMatchObject({ prerelease: false });
    });
  });

  describe("8. the semver scheme in every view", () => {
    it("answers GET /train and shows the board's release stats with semver tags", async () => {
      process.env.GHE_HOST = new URL(fake.url).host; // the fake's repositories are GitHub repositories
      try {
        configure("train:\n  branch: release\n  scheme: semver\n");
        await mergePr("a.txt", "Add a");
        const head = repo.sha("release");
        await press("signalbox/train", "train-release", head);
        await press("signalbox/promote", "train-promote", head);
        expect(repo.releases[0]).toMatchObject({ tag_name: "v0.0.1", prerelease: false });

        const train = await fetch(`${await app.listen()}/api/repos/octo-org/rails/train`, { headers: { authorization: "Bearer seams-token" } });
        expect(await train.json()).toMatchObject({ newestTestTag: "v0.0.1-rc.1", latestRelease: "v0.0.1", releaseHead: { sha: head } });

        await app.close(); // the board reads GHE_HOST when it starts
        app = await createTestApp(fake, { now: () => clock, env: { API_TOKEN: "seams-token" } });
        const base = await app.listen();

        const report = await fetch(`${base}/api/build_status`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ token: "seams-token", name: "deb", repository: `http://${process.env.GHE_HOST}/octo-org/rails`, revision: head, status: "successful" }),
        });
        expect(report.status).toBe(200);
        const page = await (await fetch(`${base}/projects/rails`)).text();
        expect(page).toMatch(/v0\.0\.1(?!-)/);
      } finally {
        delete process.env.GHE_HOST;
      }
    });
  });

  describe("9. a policy's validity window", () => {
    it("is compared with the commit's date, so a rule added after a build does not block it", async () => {
      configure("gates:\n  merge_to_release: { require: [unit], valid_since: 2026-11-21 }\n");
      repo.branch("old");
      const older = repo.commit("old", { files: { "x.txt": "x" }, author: { date: "2026-11-20T12:00:00Z" } });
      repo.branch("new");
      const newer = repo.commit("new", { files: { "y.txt": "y" }, author: { date: "2026-11-21T12:00:00Z" } });
      await app.receive("status", status(older, "unit", "failure"));
      await app.receive("status", status(newer, "unit", "failure"));
      expect(checkOf("signalbox/gate:merge_to_release", older)).toMatchObject({ conclusion: "success" });
      expect(checkOf("signalbox/gate:merge_to_release", older).output.title).toMatch(/Not in effect until 2026-11-21/);
      expect(checkOf("signalbox/gate:merge_to_release", newer)).toMatchObject({ conclusion: "failure" });
    });
  });

  describe("7. a push that changes the gates", () => {
    it("decides the open gate check runs again", async () => {
      configure("gates:\n  merge_to_release: { require: [unit, e2e] }\n");
      repo.branch("feature");
      const sha = repo.commit("feature", { files: { "x.txt": "x" } });
      await app.receive("status", status(sha, "unit", "success"));
      expect(checkOf("signalbox/gate:merge_to_release", sha)).toMatchObject({ status: "in_progress" });

      const before = repo.sha("main");
      const after = configure("gates:\n  merge_to_release: { require: [unit] }\n");
      await app.receive("push", mergePushPayload(repoRef, before, after, [".github/signalbox.yml"], "maintainer"));
      expect(checkOf("signalbox/gate:merge_to_release", sha)).toMatchObject({ status: "completed", conclusion: "success" });
      expect(checkOf("signalbox/gate:merge_to_release", sha).output.title).toBe("The required test passed");
    });
  });
});
