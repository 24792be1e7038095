/**
 * Webhooks go missing: the same realistic sequence runs once with every delivery and then with
 * 20% of deliveries dropped at random (seeded), with the periodic reconcile running as it would
 * in production. The outcome on GitHub — check runs and their conclusions, tags, releases,
 * dispatched workflows, comments — must be the same, with nothing done twice.
 */
import { seeded } from "../fakes/faults.js";
import { FakeGitHub } from "../fakes/fake-github.js";
import type { Json } from "../fakes/openapi-spec.js";
import { buildWebhook } from "../fakes/webhooks.js";
import { buttonPayload, mergePushPayload } from "../support/payloads.js";
import { createTestApp, type TestApp } from "../support/test-app.js";

const repoRef = { owner: "octo-org", repo: "shop", installationId: 41 };
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
train:
  branch: release
  promote: { after: 24h, auto: true }
`;
const STEP_MS = 5 * 60_000;

interface Run {
  outcome: Record<string, string[]>;
  deliveries: number;
  dropped: string[];
  /** Dropped button presses the person pressed again (no webhook tells GitHub's state about a press). */
  pressedAgain: number;
  /** Ids the reconcile journaled. */
  reconciled: string[];
  /** GitHub requests of one more pass once everything has settled. */
  quietPassCalls: string[];
  /** The outcome equals the run with every delivery. */
  matched?: boolean;
}

/** One world: a fresh fake repository and app, a clock, and deliveries that may be dropped. */
class Scenario {
  app!: TestApp;
  repo!: ReturnType<FakeGitHub["addRepo"]>;
  private clock: Date;
  private readonly random: () => number;
  readonly run: Run = { outcome: {}, deliveries: 0, dropped: [], pressedAgain: 0, reconciled: [], quietPassCalls: [] };

  constructor(
    private readonly fake: FakeGitHub,
    start: Date,
    private readonly dropRate: number,
    seed: number,
  ) {
    this.clock = new Date(start);
    this.random = seeded(seed);
  }

  async open() {
    this.fake.reset();
    this.app = await createTestApp(this.fake, { now: () => this.clock });
    this.repo = this.fake.addRepo({ ...repoRef, defaultBranch: "main" });
    this.repo.setPermission("maintainer", "write");
  }

  /** Delivers a webhook unless this one is dropped; true when it arrived. */
  async deliver(name: string, payload: unknown): Promise<boolean> {
    this.run.deliveries++;
    if (this.random() < this.dropRate) {
      this.run.dropped.push(name);
      return false;
    }
    await this.app.receive(name, payload);
    return true;
  }

  async pushMain(commit: () => string, files: string[], sender = "author") {
    const before = this.repo.sha("main");
    const after = commit();
    await this.deliver("push", mergePushPayload(repoRef, before, after, files, sender));
  }

  async openLabelledPull(branch: string, label: string) {
    this.repo.branch(branch);
    this.repo.commit(branch, { files: { [`${branch}.txt`]: branch } });
    const pull = this.repo.addPull({ head: branch, title: `Work on ${branch}`, user: "contributor" });
    this.repo.addLabel(pull.number as number, label, "maintainer");
    const payload = buildWebhook("pull_request", "labeled", {
      repo: repoRef,
      patch: (p: any) => {
        p.pull_request.number = pull.number;
        p.pull_request.head = { ...p.pull_request.head, sha: this.repo.sha(branch), ref: branch, repo: { ...p.repository } };
        p.pull_request.base = { ...p.pull_request.base, ref: "main", repo: { ...p.repository } };
        p.pull_request.labels = [{ name: label }];
        p.label = { name: label };
        p.sender = { ...p.sender, login: "maintainer", type: "User" };
      },
    });
    await this.deliver("pull_request", payload);
    return pull;
  }

  /** An external CI posts a commit status on GitHub, whose webhook may then be lost. */
  async postStatus(sha: string, context: string, state: string) {
    const id = this.repo.world.nextId();
    const now = new Date().toISOString();
    this.repo.statuses.push({ url: `${this.repo.apiUrl}/statuses/${sha}`, avatar_url: null, id, node_id: `SC_${id}`, sha, state, description: null, target_url: `https://ci.example/${id}`, context, created_at: now, updated_at: now, creator: { login: "ci-bot", id: 9, type: "User" } });
    await this.deliver("status", buildWebhook("status", undefined, { repo: repoRef, patch: (p: any) => Object.assign(p, { sha, context, state, target_url: `https://ci.example/${id}`, sender: { ...p.sender, login: "ci-bot", type: "User" } }) }));
  }

  /** GitHub Actions finishes every workflow run signalbox dispatched; returns how many. */
  async finishWorkflows(): Promise<number> {
    const queued = this.repo.workflowRuns.filter((w: Json) => w.status === "queued");
    for (const w of queued) {
      Object.assign(w, { status: "completed", conclusion: "success", updated_at: new Date().toISOString() });
      const payload = buildWebhook("workflow_run", "completed", {
        repo: repoRef,
        patch: (p: any) => {
          Object.assign(p.workflow_run, { id: w.id, path: w.path, head_sha: w.head_sha, conclusion: "success", status: "completed", html_url: w.html_url });
          p.sender = { ...p.sender, login: "maintainer", type: "User" };
        },
      });
      await this.deliver("workflow_run", payload);
    }
    return queued.length;
  }

  /** Time passes in steps: timers tick, CI finishes what it was asked, the reconcile runs. */
  async settle(steps = 12) {
    for (let step = 0; step < steps; step++) {
      this.clock = new Date(this.clock.getTime() + STEP_MS);
      await this.app.signalbox.timers!.tick();
      await this.app.signalbox.worker!.drain();
      const finished = await this.finishWorkflows();
      const report = await this.app.signalbox.reconciler!.pass();
      await this.app.signalbox.worker!.drain();
      this.run.reconciled.push(...(report?.recorded ?? []).map((entry) => entry.id));
      if (finished === 0 && (report?.recorded.length ?? 0) === 0) return;
    }
  }

  /** A person presses Release; seeing nothing happen, they press it again. */
  async pressRelease() {
    for (let tries = 0; tries < 10; tries++) {
      if (await this.deliver("check_run", buttonPayload(repoRef, "signalbox/train", "train-release", this.repo.sha("release")))) return;
      this.run.pressedAgain++;
    }
    throw new Error("ten presses lost in a row");
  }

  /** The requests one reconcile pass makes when there is nothing to recover. */
  async quietPass(): Promise<string[]> {
    const before = this.fake.calls.length;
    const report = await this.app.signalbox.reconciler!.pass();
    expect(report?.recorded).toEqual([]);
    return this.fake.calls.slice(before).map((call) => `${call.method} ${call.path}`);
  }

  advance(ms: number) {
    this.clock = new Date(this.clock.getTime() + ms);
  }

  /** What a user sees on GitHub, with commits named by their content so two worlds compare. */
  snapshot(): Record<string, string[]> {
    const repo = this.repo;
    const role = (sha: unknown) => {
      const commit = repo.git.get(String(sha));
      return commit ? `${commit.treeSha.slice(0, 10)}/${commit.parents.length}` : `unknown:${String(sha)}`;
    };
    return {
      checkRuns: repo.checkRuns.map((r: Json) => `${r.name} on ${role(r.head_sha)}: ${r.status} ${r.conclusion} "${r.output?.title}"`).sort(),
      tags: repo.tags.map((t: Json) => `${t.name} on ${role(t.sha)}`).sort(),
      releases: repo.releases.map((r: Json) => `${r.tag_name} prerelease=${r.prerelease} draft=${r.draft}`).sort(),
      dispatches: repo.dispatches.map((d: Json) => `${d.workflow_id} for ${role(d.inputs?.sha)}`).sort(),
      comments: repo.comments.map((c: Json) => `on #${c.issue_number}`).sort(),
      issues: repo.issues.map((i: Json) => String(i.title)).sort(),
    };
  }
}

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
    s.run.quietPassCalls = await s.quietPass();
    return s.run;
  } finally {
    await s.app.close();
  }
}

describe("dropped deliveries", () => {
  const fake = new FakeGitHub();
  const start = new Date();
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
        `${sum(lossy, (r) => r.pressedAgain)} lost button press(es) were pressed again; ` +
        `a quiet pass made ${baseline.quietPassCalls.length} GitHub requests (${baseline.quietPassCalls.join(", ")})\n`,
    );
  });
  afterEach(() => fake.assertNoViolations());

  it("with every delivery, the sequence ends released, promoted, and with the silent job timed out", () => {
    const o = baseline.outcome;
    expect(o.tags!.map((t) => t.split(" ")[0]!.replace(/\d{4}\.\d\d\.\d\d/, "DATE"))).toEqual(["release-DATE-3", "test-DATE-1", "test-DATE-2", "test-DATE-3"]);
    expect(o.releases).toEqual([expect.stringMatching(/^release-.* prerelease=false draft=false$/)]);
    expect(o.checkRuns!.filter((c) => c.startsWith("signalbox/e2e"))).toEqual([expect.stringContaining("completed success")]);
    expect(o.checkRuns!.filter((c) => c.startsWith("signalbox/probe"))).toEqual([expect.stringContaining("completed timed_out")]);
    expect(o.dispatches!.map((d) => d.split(" ")[0])).toEqual(["build.yml", "tests.yml"]);
    // With nothing lost, the reconcile only timed out the job that never reports.
    expect(baseline.reconciled).toEqual([expect.stringMatching(/:timeout:.*:probe:/)]);
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])("with 20%% of deliveries dropped (seed %i), the outcome is the same and nothing is done twice", async (seed) => {
    const run = await play(new Scenario(fake, start, 0.2, seed));
    run.matched = JSON.stringify(run.outcome) === JSON.stringify(baseline.outcome);
    lossy.push(run);
    expect(run.outcome).toEqual(baseline.outcome);
  });

  it("the seeds together dropped deliveries of every kind the sequence sends", () => {
    const kinds = new Set(lossy.flatMap((r) => r.dropped));
    expect([...kinds].sort()).toEqual(expect.arrayContaining(["pull_request", "push", "status", "workflow_run"]));
  });
});
