/**
 * Two replicas sharing one store (SQLite file, or PostgreSQL when TEST_DATABASE_URL is set)
 * reconcile at the same moment: one of them does the pass, and what it journals happens once.
 */
import { FakeGitHub } from "../fakes/fake-github.js";
import { mergePushPayload } from "../support/payloads.js";
import { createTestApp, type TestApp } from "../support/test-app.js";
import { storeEngines } from "../store/engines.js";

const repoRef = { owner: "octo-org", repo: "twins", installationId: 44 };
const PROBE = "pipelines:\n  probe:\n    on: { label: run-probe }\n    jobs:\n      probe: { status: ci/probe }\n";
const lanes = await storeEngines("reconcile_replicas");

describe.each(lanes)("two replicas on $engine", (lane) => {
  const fake = new FakeGitHub();
  let replicas: TestApp[] = [];

  beforeAll(() => fake.start());
  afterAll(async () => {
    await fake.stop();
    await lane.cleanup();
  });
  afterEach(async () => {
    for (const app of replicas) await app.close();
    replicas = [];
    fake.assertNoViolations();
  });

  it("one replica reconciles at a time, and a lost label starts its pipeline once", async () => {
    fake.reset();
    let clock = new Date();
    replicas = [await createTestApp(fake, { now: () => clock, store: await lane.open() }), await createTestApp(fake, { now: () => clock, store: await lane.open() })];
    const repo = fake.addRepo({ ...repoRef, defaultBranch: "main" });
    repo.setPermission("maintainer", "write");
    const before = repo.sha("main");
    const after = repo.commit("main", { files: { ".github/signalbox.yml": PROBE } });
    await replicas[0]!.receive("push", mergePushPayload(repoRef, before, after, [".github/signalbox.yml"], "maintainer"));
    repo.branch("feature");
    repo.commit("feature", { files: { "a.txt": "a" } });
    const pull = repo.addPull({ head: "feature", user: "contributor" });
    repo.addLabel(pull.number as number, "run-probe", "maintainer"); // its delivery is lost
    clock = new Date(clock.getTime() + 5 * 60_000);

    const reports = await Promise.all(replicas.map((app) => app.signalbox.reconciler!.pass()));
    expect(reports.filter((report) => report === null)).toHaveLength(1);
    expect(reports.flatMap((report) => report?.recorded ?? []).map((entry) => entry.events.map((e) => e.kind))).toEqual([["configPullRequest", "pullRequest"]]);
    expect((await replicas[1]!.signalbox.reconciler!.pass())!.recorded).toEqual([]); // the lock is free again; nothing new
    await Promise.all(replicas.map((app) => app.signalbox.worker!.drain()));
    expect(repo.checkRuns.filter((r: any) => r.name === "signalbox/probe")).toEqual([expect.objectContaining({ status: "in_progress" })]);
  });
});
