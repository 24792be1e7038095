/**
 * A world for the dropped-deliveries test: a fresh fake repository and app, a clock that moves in
 * steps, and webhooks that a seeded generator may drop on the way.
 */
import { seeded } from "../fakes/faults.js";
import type { FakeGitHub } from "../fakes/fake-github.js";
import type { Json } from "../fakes/openapi-spec.js";
import { buildWebhook } from "../fakes/webhooks.js";
import { buttonPayload, mergePushPayload } from "./payloads.js";
import { createTestApp, type TestApp } from "./test-app.js";
import { pullRequestWebhook } from "./seed-repo.js";

export const repoRef = { owner: "octo-org", repo: "shop", installationId: 41 };
const STEP_MS = 5 * 60_000;

export interface Run {
  outcome: Record<string, string[]>;
  deliveries: number;
  dropped: string[];
  /** Dropped button presses the person pressed again (no webhook tells GitHub's state about a press). */
  pressedAgain: number;
  /** Ids the reconcile journaled. */
  reconciled: string[];
  /** GitHub requests of one more pass once everything has settled, and what it journaled. */
  quietPassCalls: string[];
  quietPassRecorded: string[];
  /** The outcome equals the run with every delivery. */
  matched?: boolean;
}

/** One world: a fresh fake repository and app, a clock, and deliveries that may be dropped. */
export class Scenario {
  app!: TestApp;
  repo!: ReturnType<FakeGitHub["addRepo"]>;
  private clock: Date;
  private readonly random: () => number;
  readonly run: Run = { outcome: {}, deliveries: 0, dropped: [], pressedAgain: 0, reconciled: [], quietPassCalls: [], quietPassRecorded: [] };

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
    const payload = pullRequestWebhook("labeled", repoRef, { number: pull.number, headSha: this.repo.sha(branch), head: branch, label });
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

  /** The datacentre CI tests each new head of the release branch and posts `ci/dc`; returns how many. */
  async testReleaseHead(): Promise<number> {
    const head = this.repo.resolve("heads/release");
    if (!head || this.repo.statuses.some((s: Json) => s.sha === head && s.context === "ci/dc")) return 0;
    await this.postStatus(head, "ci/dc", "success");
    return 1;
  }

  /** Time passes in steps: timers tick, CI finishes what it was asked, the reconcile runs. */
  async settle(steps = 12) {
    for (let step = 0; step < steps; step++) {
      this.clock = new Date(this.clock.getTime() + STEP_MS);
      await this.app.signalbox.timers!.tick();
      await this.app.signalbox.worker!.drain();
      const finished = (await this.finishWorkflows()) + (await this.testReleaseHead());
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

  /** One more reconcile pass once everything has settled: its requests, and what it journaled. */
  async quietPass(): Promise<void> {
    const before = this.fake.calls.length;
    const report = await this.app.signalbox.reconciler!.pass();
    this.run.quietPassCalls = this.fake.calls.slice(before).map((call) => `${call.method} ${call.path}`);
    this.run.quietPassRecorded = (report?.recorded ?? []).map((entry) => entry.id);
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
