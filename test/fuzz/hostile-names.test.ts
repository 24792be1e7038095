/**
 * Hostile branch, tag and label names in otherwise well-formed webhooks (control characters,
 * bidirectional overrides, 1 MB names, markup): none reaches GitHub in a ref signalbox writes or
 * dispatches on, none reaches a check run or comment as live HTML, and nothing crashes.
 */
import { FakeGitHub, type FakeRepo } from "../fakes/fake-github.js";
import { buildWebhook } from "../fakes/webhooks.js";
import { createTestApp, type TestApp } from "../support/test-app.js";
import { FUZZ_CONFIG, FUZZ_REPO, unsafeRefsWritten } from "./targets.js";
import { seedRepoWithPull, pullRequestWebhook } from "../support/seed-repo.js";

const NAMES: Array<[string, string]> = [
  ["a NUL and control characters", "feature\u0000\u0001\u001f"],
  ["a bidirectional override", "release-2026.11.22-1\u202e"],
  ["a 1 MB name", "b".repeat(1024 * 1024)],
  ["a script", "<script>alert(1)</script>"],
  ["a newline and a command", "run-e2e\n/cancel"],
  ["'..' and a lock suffix", "../../etc/passwd.lock"],
];

describe("hostile names in branch, tag and label fields", () => {
  const fake = new FakeGitHub();
  let app: TestApp;
  let repo: FakeRepo;
  let pull: any;

  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  beforeEach(async () => {
    fake.reset();
    app = await createTestApp(fake);
    ({ repo, pull } = seedRepoWithPull(fake, FUZZ_REPO, FUZZ_CONFIG));
  });
  afterEach(async () => {
    expect(unsafeRefsWritten(fake.calls)).toEqual([]);
    expect(liveMarkup()).toEqual([]);
    expect(await app.store.journal.pendingCount()).toBe(0);
    await app.close();
    fake.assertNoViolations();
  });

  const maintainer = (p: any) => (p.sender = { ...p.sender, login: "maintainer", type: "User" });
  /** Every check run text and comment signalbox wrote that carries a raw tag from the names above. */
  const liveMarkup = () =>
    [...repo.checkRuns.flatMap((r: any) => [r.output?.title, r.output?.summary, r.output?.text]), ...repo.comments.map((c: any) => c.body)]
      .filter((text): text is string => typeof text === "string")
      .filter((text) => text.includes("<script>"));

  it.each(NAMES)("a pull request whose head branch has %s starts nothing on that ref", async (_name, branch) => {
    const payload = pullRequestWebhook("labeled", FUZZ_REPO, { number: pull.number, headSha: repo.sha("feature"), head: branch });
    await app.receive("pull_request", payload);
    expect(repo.dispatches.filter((d: any) => d.ref === branch)).toEqual([]);
  });

  it.each(NAMES)("a label with %s starts nothing", async (_name, label) => {
    const payload = pullRequestWebhook("labeled", FUZZ_REPO, { number: pull.number, headSha: repo.sha("feature"), label });
    await app.receive("pull_request", payload);
    expect(repo.dispatches).toEqual([]);
  });

  it.each(NAMES)("a pushed tag v… with %s starts nothing on that ref", async (_name, name) => {
    const payload = buildWebhook("push", undefined, {
      repo: FUZZ_REPO,
      patch: (p: any) => {
        Object.assign(p, { ref: `refs/tags/v${name}`, before: "0".repeat(40), after: repo.sha("main"), created: true, deleted: false, forced: false, commits: [] });
        p.repository.default_branch = "main";
        maintainer(p);
      },
    });
    await app.receive("push", payload);
    expect(repo.dispatches.filter((d: any) => d.ref === `v${name}`)).toEqual([]);
  });

  it.each(NAMES)("a pushed branch with %s starts nothing and rides no train", async (_name, branch) => {
    const payload = buildWebhook("push", undefined, {
      repo: FUZZ_REPO,
      patch: (p: any) => {
        Object.assign(p, { ref: `refs/heads/${branch}`, before: repo.sha("main"), after: repo.sha("feature"), created: false, deleted: false, forced: false });
        p.repository.default_branch = "main";
        maintainer(p);
      },
    });
    await app.receive("push", payload);
    expect(repo.dispatches).toEqual([]);
  });
});
