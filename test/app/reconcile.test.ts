/**
 * The periodic reconcile through Probot against the fake GitHub: it never tags a commit the
 * train did not produce, it times out a check run whose result never comes (with a working
 * Re-run button), it promotes a soaked pre-release after the store was lost, and one pass at a
 * time records each entry once.
 */
import { FakeGitHub } from "../fakes/fake-github.js";
import { buildWebhook } from "../fakes/webhooks.js";
import { buttonPayload, mergePushPayload } from "../support/payloads.js";
import { createTestApp, type TestApp } from "../support/test-app.js";

const repoRef = { owner: "octo-org", repo: "plant", installationId: 43 };
const GATED = "pipelines:\n  release:\n    on: { push: release }\n    jobs:\n      dc: { status: ci/dc }\ntrain:\n  branch: release\n  gate: release\n";
const PROBE = "pipelines:\n  probe:\n    on: { label: run-probe }\n    jobs:\n      probe: { status: ci/probe }\n";
const SOAK = "train:\n  branch: release\n  promote: { after: 24h, auto: true }\n";

describe("the reconcile", () => {
  const fake = new FakeGitHub();
  let app: TestApp;
  let clock: Date;
  let repo: ReturnType<FakeGitHub["addRepo"]>;

  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  beforeEach(async () => {
    fake.reset();
    clock = new Date(); // the fake stamps GitHub's times with the real clock
    app = await createTestApp(fake, { now: () => clock });
    repo = fake.addRepo({ ...repoRef, defaultBranch: "main" });
    repo.setPermission("maintainer", "write");
  });
  afterEach(async () => {
    await app.close();
    fake.assertNoViolations();
  });

  const later = (minutes: number) => (clock = new Date(clock.getTime() + minutes * 60_000));
  async function reconcile() {
    const report = await app.signalbox.reconciler!.pass();
    await app.signalbox.worker!.drain();
    return report;
  }

  /** Adds the config on main and delivers its push (the train takes it to the release branch). */
  async function configure(config: string) {
    const before = repo.sha("main");
    const after = repo.commit("main", { files: { ".github/signalbox.yml": config } });
    await app.receive("push", mergePushPayload(repoRef, before, after, [".github/signalbox.yml"], "maintainer"));
  }

  /** The train's release head with its gate passed but the tag never made (the process died in between). */
  async function gatedButUntagged() {
    await configure(GATED);
    const head = repo.sha("release");
    const state = await app.store.trains.get(repoRef);
    expect(state.head).toMatchObject({ sha: head, testTag: null, gate: { status: "running" } });
    const gate = { status: "passed" as const, nightly: false, at: clock.toISOString(), outcomes: [{ name: "release", passed: true, summary: "dc passed" }] };
    await app.store.trains.save(repoRef, { ...state, head: { ...state.head!, gate } }, clock, null);
    return head;
  }

  it("finishes tagging the head the train merged and gated", async () => {
    const head = await gatedButUntagged();
    later(5);
    await reconcile();
    expect(repo.tags).toEqual([{ name: expect.stringMatching(/^test-/), sha: head }]);
  });

  it("never tags a commit a person pushed to the release branch: only the train's head below it", async () => {
    const trainHead = await gatedButUntagged();
    const human = repo.commit("release", { files: { "hotfix.txt": "by hand" } });
    repo.statuses.push({ id: 900, sha: human, context: "ci/dc", state: "success", target_url: null, created_at: new Date(0).toISOString() });
    later(5);
    await reconcile();
    await reconcile();
    expect(repo.sha("release")).toBe(human);
    expect(repo.tags).toEqual([{ name: expect.stringMatching(/^test-/), sha: trainHead }]);
  });

  it("tags nothing once the release branch no longer holds the train's head", async () => {
    const trainHead = await gatedButUntagged();
    repo.branch("elsewhere", repo.git.get(trainHead)!.parents[0]!); // from before the train's head
    const other = repo.commit("elsewhere", { files: { "other.txt": "reset by hand" } });
    repo.refs.set("heads/release", other); // someone force-pushed the release branch
    later(5);
    await reconcile();
    expect(repo.tags).toEqual([]);
  });

  it("times out a check run whose result never comes, and its Re-run button runs the job again", async () => {
    await configure(PROBE);
    repo.branch("feature");
    repo.commit("feature", { files: { "a.txt": "a" } });
    const pull = repo.addPull({ head: "feature", user: "contributor" });
    repo.addLabel(pull.number as number, "run-probe", "maintainer");
    later(5);
    await reconcile(); // the labeled delivery never came: the reconcile starts the pipeline
    const check = () => repo.checkRuns.find((r: any) => r.name === "signalbox/probe" && r.head_sha === repo.sha("feature")) as any;
    expect(check()).toMatchObject({ status: "in_progress" });
    later(59);
    await reconcile();
    expect(check()).toMatchObject({ status: "in_progress" });
    later(2);
    await reconcile();
    expect(check()).toMatchObject({ status: "completed", conclusion: "timed_out" });
    expect(check().output.summary).toContain("no result within 60m");
    expect(check().actions.map((a: any) => a.label)).toContain("Re-run failed");

    await app.receive("check_run", buttonPayload(repoRef, "signalbox/probe", "rerun-failed", repo.sha("feature")));
    expect(check()).toMatchObject({ status: "in_progress" });
    expect(repo.checkRuns.filter((r: any) => r.name === "signalbox/probe")).toHaveLength(1);
  });

  it("promotes a pre-release that has soaked, even after the store was lost", async () => {
    await configure(SOAK);
    await app.receive("check_run", buttonPayload(repoRef, "signalbox/train", "train-release", repo.sha("release")));
    expect(repo.releases).toEqual([expect.objectContaining({ prerelease: true })]);
    await app.close();
    app = await createTestApp(fake, { now: () => clock }); // a new, empty store: no wake-up is left
    later(23 * 60);
    await reconcile();
    expect(repo.releases[0]).toMatchObject({ prerelease: true });
    later(2 * 60);
    await reconcile();
    expect(repo.releases[0]).toMatchObject({ prerelease: false });
  });

  it("does not run a finished pipeline again after the store was lost", async () => {
    await configure(PROBE);
    repo.branch("feature");
    const head = repo.commit("feature", { files: { "a.txt": "a" } });
    const pull = repo.addPull({ head: "feature", user: "contributor" });
    repo.addLabel(pull.number as number, "run-probe", "maintainer");
    later(5);
    await reconcile();
    await app.receive("status", buildWebhook("status", undefined, { repo: repoRef, patch: (p: any) => Object.assign(p, { sha: head, context: "ci/probe", state: "success" }) }));
    const check = () => repo.checkRuns.filter((r: any) => r.name === "signalbox/probe");
    expect(check()).toEqual([expect.objectContaining({ status: "completed", conclusion: "success" })]);
    await app.close();
    app = await createTestApp(fake, { now: () => clock }); // a new, empty store
    later(5);
    expect((await reconcile())!.recorded).toEqual([]);
    expect(check()).toEqual([expect.objectContaining({ status: "completed", conclusion: "success" })]);
  });

  it("runs one pass at a time and records each entry once", async () => {
    await configure(PROBE);
    repo.branch("feature");
    repo.commit("feature", { files: { "a.txt": "a" } });
    const pull = repo.addPull({ head: "feature", user: "contributor" });
    repo.addLabel(pull.number as number, "run-probe", "maintainer");
    later(5);
    const [first, second] = await Promise.all([app.signalbox.reconciler!.pass(), app.signalbox.reconciler!.pass()]);
    expect([first, second].filter((report) => report === null)).toHaveLength(1);
    expect([first, second].flatMap((report) => report?.recorded ?? []).map((e) => e.events.map((event) => event.kind))).toEqual([["configPullRequest", "pullRequest"]]);
    expect((await app.signalbox.reconciler!.pass())!.recorded).toEqual([]); // the same id again: a duplicate
    await app.signalbox.worker!.drain();
    expect(repo.checkRuns.filter((r: any) => r.name === "signalbox/probe")).toHaveLength(1);
  });

  it("leaves a repository alone while its deliveries are still queued", async () => {
    await configure(PROBE);
    repo.branch("feature");
    repo.commit("feature", { files: { "a.txt": "a" } });
    const pull = repo.addPull({ head: "feature", user: "contributor" });
    repo.addLabel(pull.number as number, "run-probe", "maintainer");
    later(5);
    const queued = buildWebhook("issues", "opened", { repo: repoRef });
    await app.store.journal.record({ id: "queued-1", name: "issues", repoKey: "octo-org/plant", installationId: repoRef.installationId, payload: queued, receivedAt: clock });
    expect((await app.signalbox.reconciler!.pass())!.recorded).toEqual([]);
    await app.signalbox.worker!.drain();
    expect((await reconcile())!.recorded.map((e) => e.events.map((event) => event.kind))).toEqual([["configPullRequest", "pullRequest"]]);
  });
});
