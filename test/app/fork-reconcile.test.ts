/**
 * The reconcile replays a label whose delivery was lost, but on a fork's pull request only onto
 * the head the maintainer labelled: never onto a commit pushed after the label. Through Probot
 * against the fake GitHub. A commit pushed after the label gets the check run that asks a
 * maintainer to look at it, as a live push would.
 */
import { FakeGitHub } from "../fakes/fake-github.js";
import { mergePushPayload } from "../support/payloads.js";
import { pullRequestWebhook } from "../support/seed-repo.js";
import { createTestApp, type TestApp } from "../support/test-app.js";

const repoRef = { owner: "octo-org", repo: "serverless", installationId: 62 };
const CONFIG = "pipelines:\n  e2e:\n    on: { label: run-e2e }\n    jobs:\n      suite: { workflow: e2e.yml }\n";

describe("the reconcile on a fork's labelled pull request", () => {
  const fake = new FakeGitHub();
  let app: TestApp;
  let clock: Date;
  let repo: ReturnType<FakeGitHub["addRepo"]>;
  let pull: any;

  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  beforeEach(async () => {
    fake.reset();
    clock = new Date(); // the fake stamps the label's time with the real clock
    app = await createTestApp(fake, { now: () => clock });
    repo = fake.addRepo({ ...repoRef, defaultBranch: "main" });
    repo.setPermission("maintainer", "write");
    repo.branch("feature");
    repo.commit("feature", { files: { "src/app.ts": "export {}\n" }, author: { date: minutesFromNow(-60).toISOString() } });
    pull = repo.addPull({ head: "feature", user: "stranger", fork: "stranger" });
  });
  afterEach(async () => {
    await app.close();
    fake.assertNoViolations();
  });

  function minutesFromNow(minutes: number): Date {
    return new Date(Date.now() + minutes * 60_000);
  }
  const later = (minutes: number) => (clock = new Date(clock.getTime() + minutes * 60_000));
  async function reconcile() {
    const report = await app.signalbox.reconciler!.pass();
    await app.signalbox.worker!.drain();
    return report;
  }
  /** The config lands on main (its push delivered, so signalbox reads it afresh). */
  async function configure() {
    const before = repo.sha("main");
    const after = repo.commit("main", { files: { ".github/signalbox.yml": CONFIG } });
    await app.receive("push", mergePushPayload(repoRef, before, after, [".github/signalbox.yml"], "maintainer"));
  }
  /** The fork's author pushes a commit whose committer date they chose. */
  const forkPush = (committedAt: Date) => repo.commit("feature", { files: { "src/app.ts": `export const at = ${committedAt.getTime()};\n` }, author: { date: committedAt.toISOString() } });
  const dispatches = () => repo.dispatches.filter((d: any) => d.workflow_id === "e2e.yml");
  /** The check run on the new head that asks a maintainer to look at it and label again. */
  const asksForLabel = (): any => {
    const check: any = repo.checkRuns.find((r: any) => r.name === "signalbox/e2e" && r.head_sha === repo.sha("feature"));
    expect(check?.output.summary).toMatch(/add the `run-e2e` label again/);
    return check;
  };

  it("replays a lost label onto the head the maintainer labelled", async () => {
    await configure();
    repo.addLabel(pull.number, "run-e2e", "maintainer"); // its delivery is lost
    later(5);
    await reconcile();
    expect(dispatches()).toEqual([expect.objectContaining({ ref: "main", inputs: expect.objectContaining({ sha: repo.sha("feature") }) })]);
  });

  it("does not replay the label onto a commit pushed after it (signalbox never heard the push; GitHub dates the commit)", async () => {
    await configure();
    repo.addLabel(pull.number, "run-e2e", "maintainer"); // its delivery is lost
    forkPush(minutesFromNow(1)); // and so is the push's
    later(5);
    expect((await reconcile())!.recorded.flatMap((e) => e.events.flatMap((event) => (event.kind === "pullRequest" ? [event.action] : [])))).toEqual(["synchronize"]);
    expect(dispatches()).toEqual([]);
    expect(asksForLabel()).toMatchObject({ status: "completed", conclusion: "action_required" });
  });

  it("does not replay the label onto a commit signalbox heard pushed after it, though the commit claims an older date", async () => {
    repo.addLabel(pull.number, "run-e2e", "maintainer"); // before the pipeline was configured
    const moved = forkPush(minutesFromNow(-120));
    later(1);
    await app.receive("pull_request", pullRequestWebhook("synchronize", repoRef, {
      number: pull.number,
      headSha: moved,
      sender: "stranger",
      patch: (p: any) => (p.pull_request.head.repo = { ...p.repository, full_name: "stranger/serverless" }),
    }));
    await configure();
    later(5);
    expect((await reconcile())!.recorded.flatMap((e) => e.events.flatMap((event) => (event.kind === "pullRequest" ? [event.action] : [])))).toEqual(["synchronize"]);
    expect(dispatches()).toEqual([]);
    expect(asksForLabel()).toMatchObject({ status: "completed", conclusion: "action_required" });
  });
});
