/**
 * A whole release-train cycle while GitHub misbehaves: a seeded share of every call (reads and
 * writes) answers 5xx, a secondary rate limit (`retry-after`), a spent primary rate limit
 * (`x-ratelimit-reset`) or never answers, sometimes after the write was applied. The clock and
 * the worker are driven until the journal is empty; the cycle must end as it does on a good day.
 */
import type { CallRecord } from "../fakes/fake-github.js";
import { FakeGitHub } from "../fakes/fake-github.js";
import { buildWebhook } from "../fakes/webhooks.js";
import { buttonPayload, mergePushPayload } from "../support/payloads.js";
import { createTestApp, type TestApp } from "../support/test-app.js";
import { MAX_ATTEMPTS } from "../../src/app/retry-policy.js";
import { openContributorPull, pullRequestWebhook } from "../support/seed-repo.js";

const repoRef = { owner: "octo-org", repo: "weather", installationId: 77 };
const TODAY = "2026.11.22";
/** Today's tags: the train numbers on from yesterday's release. */
const TEST_TAG = `test-${TODAY}-2`;
const RELEASE_TAG = `release-${TODAY}-2`;
const CONFIG = "pipelines:\n  release:\n    on: { push: release }\n    jobs:\n      dc: { status: ci/dc }\ntrain:\n  branch: release\n  gate: release\n";
const SEEDS = [11, 23, 42];

describe("a train cycle while GitHub fails", () => {
  const fake = new FakeGitHub();
  let app: TestApp;
  let clock: Date;
  let repo: ReturnType<FakeGitHub["addRepo"]>;

  beforeAll(async () => {
    await fake.start();
    fake.hangMs = 20; // a "timeout" drops the connection soon, as a client timeout would
    fake.now = () => clock;
  });
  afterAll(() => fake.stop());
  beforeEach(async () => {
    fake.reset();
    delivered.length = 0;
    clock = new Date("2026-11-22T10:00:00Z");
    app = await createTestApp(fake, { now: () => clock });
    repo = fake.addRepo({ ...repoRef, defaultBranch: "main" });
    repo.setPermission("maintainer", "write");
    repo.commit("main", { files: { ".github/signalbox.yml": CONFIG } });
    repo.branch("release");
    // Yesterday's release, so today's notes (and the PR's comment) list what was merged since.
    repo.refs.set("tags/test-2026.11.21-1", repo.sha("release"));
    repo.refs.set("tags/release-2026.11.21-1", repo.sha("release"));
  });
  afterEach(async () => {
    await app.close();
    fake.assertNoViolations();
  });

  /** Moves the clock a second at a time, letting the worker retry, until nothing is left to do. */
  async function settle(): Promise<void> {
    for (let step = 0; step < 3000; step++) {
      await app.signalbox.worker!.drain();
      if ((await app.store.journal.pendingCount()) === 0) return;
      clock = new Date(clock.getTime() + 1000);
    }
    throw new Error("the journal did not empty within 50 minutes of (fake) time");
  }

  const delivered: string[] = [];
  async function deliver(name: string, payload: unknown): Promise<void> {
    const id = `faults-${name}-${delivered.length}`;
    delivered.push(id);
    await app.receive(name, payload, id);
    await settle();
  }

  /** Each delivery's journal outcome, with the attempts it took. */
  async function outcomes(): Promise<Array<{ id: string; state: string; attempts: number; detail: string | null }>> {
    const records = await Promise.all(delivered.map((id) => app.store.journal.get(id)));
    return records.map((r, i) => ({ id: delivered[i]!, state: r?.state ?? "missing", attempts: r?.attempts ?? 0, detail: r?.detail ?? null }));
  }

  async function runCycle() {
    const before = repo.sha("main");
    repo.branch("pr-a");
    repo.commit("pr-a", { files: { "a.txt": "a" } });
    const pull = repo.addPull({ head: "pr-a", title: "Add a", user: "author" });
    const after = repo.mergePull(pull.number);
    await deliver("push", mergePushPayload(repoRef, before, after, ["a.txt"]));
    const head = repo.sha("release");
    const green = buildWebhook("status", undefined, { repo: repoRef, patch: (p: any) => Object.assign(p, { sha: head, context: "ci/dc", state: "success" }) });
    await deliver("status", green);
    await deliver("check_run", buttonPayload(repoRef, "signalbox/train", "train-release", head));
    await deliver("check_run", buttonPayload(repoRef, "signalbox/promote", "train-promote", head));
    return { pull };
  }

  /**
   * How long GitHub heard nothing after each rate-limited answer, against what its headers asked.
   * The clock stands still while the worker drains, so calls at the same instant belong to the
   * attempt that was refused (some run in parallel); the next later call is the retry. A refused
   * call asked again at the same instant answered a parallel request of an attempt that had
   * already ended for another reason (its answer arrived after the clock moved on): skip it.
   */
  function waitsAfterRateLimits(calls: CallRecord[]): Array<{ asked: number; waited: number }> {
    return calls.flatMap((call, i) => {
      if (call.fault?.kind !== "rateLimit" && call.fault?.kind !== "rateLimitReset") return [];
      if (calls.slice(i + 1).some((c) => c.at === call.at && c.method === call.method && c.path === call.path)) return [];
      const next = calls.slice(i + 1).find((c) => c.at > call.at);
      return next ? [{ asked: call.fault.retryAfter * 1000, waited: next.at - call.at }] : [];
    });
  }

  /** Each write of the cycle once applied with its answer lost (a 502 or a dropped connection). */
  function loseFirstAnswers(): void {
    const writes: Array<[string, RegExp]> = [
      ["POST", /\/merges$/],
      ["POST", /\/git\/refs$/],
      ["POST", /\/releases$/],
      ["PATCH", /\/releases\/\d+$/],
      ["POST", /\/issues\/\d+\/comments$/],
      ["PATCH", /\/issues\/comments\/\d+$/],
      ["POST", /\/check-runs$/],
    ];
    writes.forEach(([method, path], i) => fake.faults.inject({ method, path, kind: i % 2 ? "timeout" : "status", status: 502, afterApply: true }));
  }

  it.each(SEEDS)("ends with one merge, one test tag, one release, one comment and green checks (seed %i)", async (seed) => {
    loseFirstAnswers();
    fake.faults.random({ rate: 0.08, seed, kinds: ["status", "rateLimit", "rateLimitReset", "timeout"], statuses: [500, 502, 503], retryAfter: [5, 90] });
    const { pull } = await runCycle();
    fake.faults.clear();
    const faulted = fake.calls.filter((c) => c.fault);
    const lostAnswers = faulted.filter((c) => c.fault!.afterApply && c.method !== "GET");
    console.info(`seed ${seed}: ${fake.calls.length} calls, ${faulted.length} faults injected and survived (${lostAnswers.length} writes applied with the answer lost)`);

    if (process.env.DEBUG_FAULTS) console.info(fake.calls.map((c) => `${c.at - Date.parse("2026-11-22T10:00:00Z")} ${c.method} ${c.path} ${c.status} ${c.fault ? JSON.stringify(c.fault) : ""}`).join("\n"));
    const journal = await outcomes();
    console.info(`seed ${seed}: most attempts one delivery needed: ${Math.max(...journal.map((j) => j.attempts + 1))} of ${MAX_ATTEMPTS}`);
    if (process.env.DEBUG_FAULTS) console.info(journal);
    expect(journal.map((j) => j.state)).toEqual(["done", "done", "done", "done"]);
    const head = repo.sha("release");
    const merges = repo.git.between(repo.sha("main"), head);
    expect(merges).toHaveLength(1);
    const today = repo.tags.filter((t) => t.name.includes(TODAY));
    expect(today.map((t) => t.name).sort()).toEqual([RELEASE_TAG, TEST_TAG]);
    expect(today.every((t) => t.sha === head)).toBe(true);
    expect(repo.releases).toEqual([expect.objectContaining({ tag_name: RELEASE_TAG, prerelease: false, draft: false })]);
    const comments = repo.comments.filter((c: any) => c.issue_number === (pull as any).number);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain(`✅ Released to staging as \`${RELEASE_TAG}\``);
    expect(comments[0]!.body).toContain("✅ Promoted to production");
    const checks = (name: string) => repo.checkRuns.filter((r: any) => r.name === name && r.head_sha === head);
    for (const name of ["signalbox/train", "signalbox/release", "signalbox/promote"]) {
      expect(checks(name)).toHaveLength(1);
      expect(checks(name)[0]).toMatchObject({ status: "completed", conclusion: "success" });
    }
    expect(faulted.length).toBeGreaterThan(5);
    expect(lostAnswers.length).toBeGreaterThan(0);
    const waits = waitsAfterRateLimits(fake.calls);
    expect(waits.length).toBeGreaterThan(0);
    for (const { asked, waited } of waits) expect(waited).toBeGreaterThanOrEqual(asked);
  }, 120_000);

  describe("a write GitHub applied but whose answer was lost", () => {
    const command = (body: string) =>
      buildWebhook("issue_comment", "created", {
        repo: repoRef,
        patch: (p: any) => {
          const issue = repo.addPull({ head: "main", title: "ops" });
          const id = 600 + repo.comments.length;
          repo.comments.push({ id, body, issue_number: issue.number });
          p.comment = { ...p.comment, id, body };
          p.issue = { ...p.issue, number: issue.number };
          p.sender = { ...p.sender, login: "maintainer", type: "User" };
        },
      });

    async function mergeToMain(file: string, content: string): Promise<void> {
      const before = repo.sha("main");
      repo.branch(`pr-${file}-${content.length}`);
      repo.commit(`pr-${file}-${content.length}`, { files: { [file]: content } });
      const after = repo.mergePull(repo.addPull({ head: `pr-${file}-${content.length}`, title: file, user: "author" }).number);
      await deliver("push", mergePushPayload(repoRef, before, after, [file]));
    }

    it("posts a command's reply once", async () => {
      fake.faults.inject({ method: "POST", path: /\/issues\/\d+\/comments$/, kind: "status", status: 502, afterApply: true });
      await deliver("issue_comment", command("/train resume"));
      const replies = repo.comments.filter((c: any) => String(c.body).startsWith("@maintainer"));
      expect(replies).toHaveLength(1);
      expect(replies[0]!.body).toMatch(/nothing to resume/);
      expect((await outcomes()).map((o) => [o.state, o.attempts])).toEqual([["done", 1]]);
    });

    it("opens one blocking issue for a conflict and closes it with one comment", async () => {
      await mergeToMain("a.txt", "a");
      repo.commit("release", { files: { "conflict.txt": "release side" } });
      fake.faults.inject({ method: "POST", path: /\/issues$/, kind: "timeout", afterApply: true });
      await mergeToMain("conflict.txt", "main side");
      const blocked = () => repo.issues.filter((i: any) => String(i.title).startsWith("Release train blocked"));
      expect(blocked()).toEqual([expect.objectContaining({ state: "open" })]);

      fake.faults.inject({ method: "POST", path: /\/issues\/\d+\/comments$/, kind: "status", status: 502, afterApply: true });
      await mergeToMain("conflict.txt", "release side");
      expect(blocked()).toEqual([expect.objectContaining({ state: "closed" })]);
      expect(repo.comments.filter((c: any) => c.issue_number === (blocked()[0] as any).number)).toHaveLength(1);
      expect((await outcomes()).map((o) => o.state)).toEqual(["done", "done", "done"]);
    });
  });

  it("says on the train's check runs what failed and what to do when a call fails on every attempt", async () => {
    repo.commit("main", { files: { ".github/signalbox.yml": "train:\n  branch: release\n" } });
    fake.faults.inject({ method: "POST", path: /\/git\/refs$/, kind: "status", status: 502, times: 1000 });
    const before = repo.sha("main");
    repo.branch("pr-b");
    repo.commit("pr-b", { files: { "b.txt": "b" } });
    const after = repo.mergePull(repo.addPull({ head: "pr-b", title: "Add b", user: "author" }).number);
    await deliver("push", mergePushPayload(repoRef, before, after, ["b.txt"]));

    const [entry] = await outcomes();
    expect(entry).toMatchObject({ state: "failed", attempts: MAX_ATTEMPTS - 1 });
    const record = await app.store.journal.get(entry!.id);
    expect(record?.detail).toBe("HTTP 502 on POST /repos/octo-org/weather/git/refs: Server Error");
    const head = repo.sha("release");
    expect(repo.tags.filter((t) => t.name.includes(TODAY))).toEqual([]);
    for (const sha of [after, head]) {
      const check: any = repo.checkRuns.find((r: any) => r.name === "signalbox/train" && r.head_sha === sha);
      expect(check).toMatchObject({ status: "completed", conclusion: "failure", output: { title: "Stopped: GitHub kept failing" } });
      expect(check.output.summary).toContain(`each of ${MAX_ATTEMPTS} attempts`);
      expect(check.output.summary).toContain("HTTP 502 on POST /repos/octo-org/weather/git/refs");
      expect(check.output.summary).toMatch(/redeliver this delivery/);
    }
  }, 60_000);

  it("says on the pipeline's check run what failed when its dispatch fails on every attempt", async () => {
    repo.commit("main", { files: { ".github/signalbox.yml": "pipelines:\n  e2e:\n    on: { label: run-e2e }\n    jobs:\n      build: { workflow: build.yml }\n" } });
    const pull: any = openContributorPull(repo);
    fake.faults.inject({ method: "POST", path: /\/dispatches$/, kind: "status", status: 503, times: 1000 });
    const label = pullRequestWebhook("labeled", repoRef, { number: pull.number, headSha: repo.sha("feature") });
    await deliver("pull_request", label);
    expect((await outcomes())[0]).toMatchObject({ state: "failed", detail: expect.stringMatching(/^HTTP 503 on POST \/repos\/octo-org\/weather\/actions\/workflows\/build.yml\/dispatches/) });
    const check: any = repo.checkRuns.find((r: any) => r.name === "signalbox/e2e" && r.head_sha === repo.sha("feature"));
    expect(check).toMatchObject({ status: "completed", conclusion: "failure", output: { title: "Stopped: GitHub kept failing" } });
    expect(check.output.summary).toContain("HTTP 503 on POST");
    expect(repo.dispatches).toEqual([]);
  }, 60_000);
});
