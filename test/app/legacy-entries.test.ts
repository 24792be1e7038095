/**
 * An upgrade happens with entries in flight: entries an earlier version journaled under the old
 * synthetic names (`signalbox.schedule`, `.tick`, `.train`, `.result`, `.timeout`) are still
 * processed, with the outcome they had, after signalbox journals `signalbox.event` instead.
 */
import { FakeGitHub } from "../fakes/fake-github.js";
import { mergePushPayload } from "../support/payloads.js";
import { createTestApp, type TestApp } from "../support/test-app.js";

const repoRef = { owner: "octo-org", repo: "legacy", installationId: 61 };
const TODAY = "2026.11.22";

describe("journal entries recorded under the old synthetic names", () => {
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
  });
  afterEach(async () => {
    await app.close();
    fake.assertNoViolations();
  });

  const configure = (yaml: string) => repo.commit("main", { files: { ".github/signalbox.yml": yaml } });
  const checkOf = (name: string, sha: string): any => repo.checkRuns.find((r: any) => r.name === name && r.head_sha === sha);

  /** Journals an entry the way the previous version did (a payload shaped like a webhook), then runs the worker. */
  async function journalOld(id: string, name: string, fields: Record<string, unknown>) {
    const payload = { repository: { name: repoRef.repo, owner: { login: repoRef.owner } }, installation: { id: repoRef.installationId }, ...fields };
    await app.store.journal.record({ id, name, repoKey: "octo-org/legacy", installationId: repoRef.installationId, payload, receivedAt: clock });
    await app.signalbox.worker!.drain();
    return app.store.journal.get(id);
  }

  it("a signalbox.schedule entry starts its pipeline on the branch head", async () => {
    configure('pipelines:\n  nightly:\n    on: { schedule: "0 3 * * *" }\n    jobs:\n      e2e: { status: ci/e2e }\n');
    const entry = await journalOld("schedule:old", "signalbox.schedule", { pipeline: "nightly" });
    expect(entry).toMatchObject({ state: "done" });
    expect(checkOf("signalbox/nightly", repo.sha("main"))).toMatchObject({ status: "in_progress" });
  });

  it("a signalbox.result entry re-evaluates the gate check runs of the result it names", async () => {
    configure("gates:\n  deploy:\n    require: [smoke]\n");
    const sha = repo.sha("main");
    await app.store.results.record(repoRef, { testcase: "smoke", item: sha, outcome: "PASSED", source: "api", refUrl: null, note: null }, clock);
    const entry = await journalOld("result:old", "signalbox.result", { result: { testcase: "smoke", item: sha } });
    expect(entry).toMatchObject({ state: "done" });
    expect(checkOf("signalbox/gate:deploy", sha)).toMatchObject({ status: "completed", conclusion: "success" });
  });

  it("a signalbox.train entry delivers its train event: a passed gate tags the release head", async () => {
    configure("pipelines:\n  release:\n    on: { push: release }\n    jobs:\n      dc: { status: ci/dc }\ntrain:\n  branch: release\n  gate: release\n");
    const before = repo.sha("main");
    repo.branch("pr-a");
    repo.commit("pr-a", { files: { "a.txt": "a" } });
    const after = repo.mergePull(repo.addPull({ head: "pr-a", title: "Add a", user: "author" }).number);
    await app.receive("push", mergePushPayload(repoRef, before, after, ["a.txt"]));
    const head = repo.sha("release");
    expect(repo.tags).toEqual([]);
    const event = { kind: "gateResult", sha: head, nightly: false, outcomes: [{ name: "release", passed: true, summary: "release passed" }] };
    const entry = await journalOld("train-run:old", "signalbox.train", { event });
    expect(entry).toMatchObject({ state: "done" });
    expect(repo.tags).toEqual([{ name: `test-${TODAY}-1`, sha: head }]);
  });

  it("signalbox.tick and signalbox.timeout entries time a waiting job out; an unknown signalbox.* name is ignored", async () => {
    configure("pipelines:\n  ci:\n    on: { push: main }\n    jobs:\n      unit: { status: ci/unit, timeout: 10m }\n      lint: { status: ci/lint }\n");
    const before = repo.sha("main");
    const after = repo.commit("main", { files: { "a.txt": "a" } });
    await app.receive("push", mergePushPayload(repoRef, before, after, ["a.txt"]));
    expect(checkOf("signalbox/ci", after)).toMatchObject({ status: "in_progress" });
    clock = new Date(clock.getTime() + 11 * 60_000);
    expect(await journalOld("tick:old", "signalbox.tick", {})).toMatchObject({ state: "done" });
    const [run] = await app.store.runs.forRepo("octo-org/legacy", { sha: after });
    expect(run!.jobs.unit).toMatchObject({ status: "timed_out" });

    const lint = run!.jobs.lint!;
    expect(lint).toMatchObject({ status: "running" });
    const timeout = { runId: run!.id, job: "lint", startedAt: lint.startedAt, limit: "60m" };
    expect(await journalOld("timeout:old", "signalbox.timeout", timeout)).toMatchObject({ state: "done" });
    const [after2] = await app.store.runs.forRepo("octo-org/legacy", { sha: after });
    expect(after2!.jobs.lint).toMatchObject({ status: "timed_out", reason: "no result within 60m" });
    expect(checkOf("signalbox/ci", after)).toMatchObject({ status: "completed", conclusion: "timed_out" });

    expect(await journalOld("other:old", "signalbox.unheard-of", {})).toMatchObject({ state: "ignored", detail: "signalbox.unheard-of: nothing to do yet" });
  });
});
