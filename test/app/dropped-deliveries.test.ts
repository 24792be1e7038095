/**
 * Webhooks go missing: the same realistic sequence runs once with every delivery and then with
 * 20% of deliveries dropped at random (seeded), with the periodic reconcile running as it would
 * in production. The outcome on GitHub — check runs and their conclusions, tags, releases,
 * dispatched workflows, comments — must be the same, with nothing done twice.
 */
import { FakeGitHub } from "../fakes/fake-github.js";
import { Scenario, type Run } from "../support/lossy-scenario.js";

const CONFIG = `pipelines:
  e2e:
    on: { label: run-e2e }
    jobs:
      build: { workflow: build.yml }
      tests: { workflow: tests.yml, needs: [build] }
      report: { status: ci/e2e, needs: [tests] }
  probe:
    on: { label: run-probe }
    jobs:
      probe: { status: ci/probe }
  release:
    on: { push: release }
    jobs:
      dc: { status: ci/dc }
train:
  branch: release
  gate: release
  promote: { after: 24h, auto: true }
`;

/** The sequence: config, two labelled PRs (one job never reports), merges, Release, soak. */
async function play(s: Scenario): Promise<Run> {
  await s.open();
  try {
    await s.pushMain(() => s.repo.commit("main", { files: { ".github/signalbox.yml": CONFIG } }), [".github/signalbox.yml"], "maintainer");
    const feature = await s.openLabelledPull("feature", "run-e2e");
    await s.openLabelledPull("probe", "run-probe"); // ci/probe never reports
    await s.postStatus(s.repo.sha("feature"), "ci/e2e", "success");
    await s.settle();
    await s.pushMain(() => s.repo.mergePull(feature.number as number), ["feature.txt"]);
    await s.settle();
    await s.pushMain(() => {
      s.repo.branch("docs");
      s.repo.commit("docs", { files: { "docs.txt": "docs" } });
      return s.repo.mergePull(s.repo.addPull({ head: "docs", title: "Docs", user: "author" }).number as number);
    }, ["docs.txt"]);
    await s.settle();
    await s.pressRelease();
    await s.settle();
    s.advance(25 * 3_600_000); // the pre-release soaks, and the probe job waits far past its time
    await s.settle();
    s.run.outcome = s.snapshot();
    await s.quietPass();
    return s.run;
  } finally {
    await s.app.close();
  }
}

/** How many deliveries of each event were dropped, e.g. "push 5, status 4". */
function byName(runs: Run[]): string {
  const counts = new Map<string, number>();
  for (const name of runs.flatMap((r) => r.dropped)) counts.set(name, (counts.get(name) ?? 0) + 1);
  return [...counts].sort().map(([name, n]) => `${name} ${n}`).join(", ");
}

describe("dropped deliveries", () => {
  const fake = new FakeGitHub();
  // One in the morning (UTC) of tomorrow. A lossy run takes longer than the baseline, so a start
  // late in the day would date one run's release a day later; and the fake GitHub stamps what it
  // stores with the real time, which must not lie in the app's future.
  const start = new Date((Math.floor(Date.now() / 86_400_000) + 1) * 86_400_000 + 3_600_000);
  let baseline: Run;
  const lossy: Run[] = [];

  beforeAll(async () => {
    await fake.start();
    baseline = await play(new Scenario(fake, start, 0, 1));
  });
  afterAll(async () => {
    await fake.stop();
    // A lost button press leaves no trace on GitHub: the person presses again; every other loss is the reconcile's.
    const sum = (runs: Run[], f: (r: Run) => number) => runs.reduce((n, r) => n + f(r), 0);
    const lost = sum(lossy, (r) => r.dropped.length - r.pressedAgain);
    const recovered = sum(lossy.filter((r) => r.matched), (r) => r.dropped.length - r.pressedAgain);
    process.stdout.write(
      `dropped-deliveries: ${sum(lossy, (r) => r.dropped.length)} of ${sum(lossy, (r) => r.deliveries)} deliveries dropped over ${lossy.length} seeds; ` +
        `the reconcile recovered the effect of ${recovered} of ${lost} (${lost ? Math.round((100 * recovered) / lost) : 100}%); ` +
        `${sum(lossy, (r) => r.pressedAgain)} lost button press(es) were pressed again; by event: ${byName(lossy)}; ` +
        `a quiet pass made ${baseline.quietPassCalls.length} GitHub requests (${baseline.quietPassCalls.join(", ")})\n`,
    );
  });
  afterEach(() => fake.assertNoViolations());

  it("with every delivery, the sequence ends released, promoted, and with the silent job timed out", () => {
    const o = baseline.outcome;
    expect(o.tags!.map((t) => t.split(" ")[0]!.replace(/\d{4}\.\d\d\.\d\d/, "DATE"))).toEqual(["release-DATE-3", "test-DATE-1", "test-DATE-2", "test-DATE-3"]);
    expect(o.releases).toEqual([expect.stringMatching(/^release-.* prerelease=false draft=false$/)]);
    expect(o.checkRuns!.filter((c) => c.startsWith("signalbox/e2e"))).toEqual([expect.stringContaining("completed success")]);
    // The gate ran once on each of the three release heads the train made, and passed.
    expect(o.checkRuns!.filter((c) => c.startsWith("signalbox/release"))).toEqual(Array(3).fill(expect.stringContaining("completed success")));
    expect(o.checkRuns!.filter((c) => c.startsWith("signalbox/probe"))).toEqual([expect.stringContaining("completed timed_out")]);
    expect(o.dispatches!.map((d) => d.split(" ")[0])).toEqual(["build.yml", "tests.yml"]);
    // With nothing lost, the reconcile only timed out the job that never reports.
    expect(baseline.reconciled).toEqual([expect.stringMatching(/:timeout:.*:probe:/)]);
    expect(baseline.quietPassRecorded).toEqual([]);
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])("with 20%% of deliveries dropped (seed %i), the outcome is the same and nothing is done twice", async (seed) => {
    const run = await play(new Scenario(fake, start, 0.2, seed));
    run.matched = JSON.stringify(run.outcome) === JSON.stringify(baseline.outcome);
    lossy.push(run);
    expect(run.outcome).toEqual(baseline.outcome);
    expect(run.quietPassRecorded).toEqual([]); // settled: a further pass finds nothing more to do
  });

  it("the seeds together dropped deliveries of every kind the sequence sends", () => {
    const kinds = new Set(lossy.flatMap((r) => r.dropped));
    expect([...kinds].sort()).toEqual(expect.arrayContaining(["check_run", "pull_request", "push", "status", "workflow_run"]));
  });
});
