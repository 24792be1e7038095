/**
 * The process dies at every step boundary of a train cycle: SIGKILL while GitHub hangs on the
 * call right after the merge, after the gate's result, after the test tag and after the release.
 * Each time it is started again on the same store; the cycle ends exactly once: one merge
 * commit, one test tag, one release tag and release (promoted), one PR comment, green checks.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FakeGitHub, type FaultSpec } from "../fakes/fake-github.js";
import { buildWebhook, deliverWebhook } from "../fakes/webhooks.js";
import { buttonPayload, mergePushPayload } from "../support/payloads.js";
import { buildApp, githubAppEnv, startApp, waitFor, type RunningApp } from "./start-process.js";

const SECRET = "kill-points-secret";
const repoRef = { owner: "octo-org", repo: "semaphore", installationId: 4747 };
const CONFIG = "pipelines:\n  release:\n    on: { push: release }\n    jobs:\n      dc: { status: ci/dc }\ntrain:\n  branch: release\n  gate: release\n";

type Call = Parameters<NonNullable<FaultSpec["armAfter"]>>[0];

describe("killed at each step boundary of a train cycle", () => {
  const fake = new FakeGitHub();
  const dataDir = mkdtempSync(join(tmpdir(), "signalbox-kill-points-"));
  let app: RunningApp | undefined;
  let starts = 0;
  const env = () => ({
    ...githubAppEnv(fake, SECRET),
    JOURNAL_LEASE_SECONDS: "2",
  });

  beforeAll(async () => {
    buildApp();
    await fake.start();
  }, 120_000);

  afterAll(async () => {
    await app?.stop("SIGKILL");
    await fake.stop();
  });

  async function start(): Promise<RunningApp> {
    starts++;
    app = await startApp(env(), { dataDir });
    return app;
  }

  const hung = () => fake.calls.filter((c) => c.fault?.kind === "timeout").length;

  /** Waits until GitHub holds the call after the boundary, kills the process there, starts it again. */
  async function killAtBoundary(boundary: number): Promise<void> {
    await waitFor(() => hung() >= boundary, 30_000, app!.output);
    expect(await app!.stop("SIGKILL")).toBeNull();
    await start();
  }

  const deliver = async (name: string, id: string, payload: unknown) =>
    expect((await deliverWebhook(app!.url, { name, id, payload, secret: SECRET })).status).toBe(200);

  it("finishes the cycle exactly once after a SIGKILL after the merge, the gate result, the tag and the release", async () => {
    const repo = fake.addRepo({ ...repoRef, defaultBranch: "main" });
    repo.setPermission("maintainer", "write");
    repo.commit("main", { files: { ".github/signalbox.yml": CONFIG } });
    repo.branch("release");
    // An earlier release, so this one's notes (and the PR's comment) list what was merged since.
    repo.refs.set("tags/test-2020.01.01-1", repo.sha("release"));
    repo.refs.set("tags/release-2020.01.01-1", repo.sha("release"));
    const before = repo.sha("main");
    repo.branch("feature");
    repo.commit("feature", { files: { "a.txt": "a" } });
    const pull: any = repo.addPull({ head: "feature", title: "Add a", user: "author" });
    const after = repo.mergePull(pull.number);
    const checkName = (call: Call) => repo.checkRuns.find((r: any) => call.path.endsWith(`/check-runs/${r.id}`))?.name;
    const boundaries: Array<(call: Call) => boolean> = [
      (c) => c.method === "POST" && c.path.endsWith("/merges"),
      (c) => c.method === "PATCH" && checkName(c) === "signalbox/release" && (c.body as { conclusion?: string }).conclusion === "success",
      (c) => c.method === "POST" && c.path.endsWith("/git/refs") && String((c.body as { ref?: string }).ref).startsWith("refs/tags/test-"),
      (c) => c.method === "POST" && c.path.endsWith("/releases"),
    ];
    for (const armAfter of boundaries) fake.faults.inject({ kind: "timeout", armAfter });
    await start();

    await deliver("push", "cycle-push", mergePushPayload(repoRef, before, after, ["a.txt"]));
    await killAtBoundary(1); // after the merge
    await waitFor(() => repo.checkRuns.some((r: any) => r.name === "signalbox/release"), 20_000, app!.output);
    const head = repo.sha("release");
    const green = buildWebhook("status", undefined, { repo: repoRef, patch: (p: any) => Object.assign(p, { sha: head, context: "ci/dc", state: "success" }) });
    await deliver("status", "cycle-status", green);
    await killAtBoundary(2); // after the gate result
    await killAtBoundary(3); // after the test tag
    await waitFor(() => repo.tags.some((t) => t.name.startsWith("test-") && t.sha === head), 20_000, app!.output);
    await waitFor(() => repo.checkRuns.some((r: any) => r.name === "signalbox/train" && r.head_sha === head && r.status === "completed"), 20_000, app!.output);
    await deliver("check_run", "cycle-release", buttonPayload(repoRef, "signalbox/train", "train-release", head));
    await killAtBoundary(4); // after the release
    await waitFor(() => repo.releases.length === 1, 20_000, app!.output);
    await waitFor(() => repo.checkRuns.some((r: any) => r.name === "signalbox/promote"), 20_000, app!.output);
    await deliver("check_run", "cycle-promote", buttonPayload(repoRef, "signalbox/promote", "train-promote", head));
    await waitFor(() => (repo.releases[0] as any)?.prerelease === false, 20_000, app!.output);
    await waitFor(() => String(repo.comments.find((c: any) => c.issue_number === pull.number)?.body).includes("✅ Promoted to production"), 20_000, app!.output);
    await new Promise((r) => setTimeout(r, 1500)); // anything still to come would come now

    expect(starts).toBe(5);
    expect(repo.git.between(repo.sha("main"), head)).toHaveLength(1);
    expect(repo.sha("release")).toBe(head);
    const made = repo.tags.filter((t) => !t.name.includes("2020.01.01"));
    expect(made.map((t) => t.name).sort()).toEqual([expect.stringMatching(/^release-\d{4}\.\d\d\.\d\d-\d+$/), expect.stringMatching(/^test-\d{4}\.\d\d\.\d\d-\d+$/)]);
    expect(made.every((t) => t.sha === head)).toBe(true);
    expect(repo.releases).toEqual([expect.objectContaining({ prerelease: false, draft: false })]);
    expect(repo.comments.filter((c: any) => c.issue_number === pull.number)).toHaveLength(1);
    for (const name of ["signalbox/train", "signalbox/release", "signalbox/promote"]) {
      const runs = repo.checkRuns.filter((r: any) => r.name === name && r.head_sha === head);
      expect(runs).toEqual([expect.objectContaining({ status: "completed", conclusion: "success" })]);
    }
    fake.assertNoViolations();
  }, 240_000);
});
