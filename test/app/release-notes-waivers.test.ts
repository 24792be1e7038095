/** Waivers on a released commit show in its release notes. */
import { FakeGitHub } from "../fakes/fake-github.js";
import { buttonPayload, mergePushPayload } from "../support/payloads.js";
import { createTestApp, type TestApp } from "../support/test-app.js";

const repoRef = { owner: "octo-org", repo: "notes", installationId: 51 };

describe("release notes", () => {
  const fake = new FakeGitHub();
  let app: TestApp;

  beforeAll(() => fake.start());
  afterAll(async () => {
    await app.close();
    await fake.stop();
  });

  it("list the waivers active on the released commit, with who and why", async () => {
    app = await createTestApp(fake, { now: () => new Date("2026-11-22T10:00:00Z") });
    const repo = fake.addRepo({ ...repoRef, defaultBranch: "main" });
    repo.commit("main", { files: { ".github/signalbox.yml": "train:\n  branch: release\n" } });
    repo.setPermission("maintainer", "write");
    const before = repo.sha("main");
    repo.branch("feature");
    repo.commit("feature", { files: { "a.txt": "a" } });
    const after = repo.mergePull(repo.addPull({ head: "feature" }).number);
    await app.receive("push", mergePushPayload(repoRef, before, after, ["a.txt"]));
    const head = repo.sha("release");
    await app.store.waivers.add(repoRef, {
      testcase: "upgrade-test",
      item: head,
      context: null,
      reason: "known flake in the upgrade harness",
      by: "maintainer",
      createdAt: new Date("2026-11-22T09:00:00Z"),
      expiresAt: new Date("2026-11-29T09:00:00Z"),
    });
    await app.receive("check_run", buttonPayload(repoRef, "signalbox/train", "train-release", head));
    const body = String((repo.releases[0] as any).body);
    expect(body).toContain("upgrade-test");
    // Mentions are escaped in notes so a release does not ping everyone again.
    expect(body).toContain("waived by \\@maintainer until 2026-11-29: known flake in the upgrade harness");
    fake.assertNoViolations();
  });
});
