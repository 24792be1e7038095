/** Gating through Probot: results re-evaluate gate check runs; waivers unblock promotion, and expire. */
import { FakeGitHub } from "../fakes/fake-github.js";
import { buildWebhook } from "../fakes/webhooks.js";
import { buttonPayload, mergePushPayload } from "../support/payloads.js";
import { createTestApp, type TestApp } from "../support/test-app.js";

const repoRef = { owner: "octo-org", repo: "distro", installationId: 41 };
const TODAY = "2026.11.22";

describe("gating", () => {
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
    repo.commit("main", {
      files: {
        ".github/signalbox.yml":
          "train:\n  branch: release\ngates:\n  merge_to_release: { require: [unit, \"e2e/*\"] }\n  promote: { require: [staging-smoke] }\n",
      },
    });
    repo.setPermission("maintainer", "write");
    repo.setPermission("reader", "read");
  });
  afterEach(async () => {
    await app.close();
    fake.assertNoViolations();
  });

  const status = (sha: string, context: string, state: string) =>
    buildWebhook("status", undefined, { repo: repoRef, patch: (p: any) => Object.assign(p, { sha, context, state, target_url: "https://ci.example/1", sender: { ...p.sender, login: "ci", type: "User" } }) });
  const gateCheck = (sha: string, context: string): any => repo.checkRuns.find((r: any) => r.name === `signalbox/gate:${context}` && r.head_sha === sha);

  it("re-evaluates the gate check run as results arrive", async () => {
    const sha = repo.sha("main");
    await app.receive("status", status(sha, "unit", "success"));
    expect(gateCheck(sha, "merge_to_release")).toMatchObject({ status: "in_progress" });
    expect(gateCheck(sha, "merge_to_release").output.title).toMatch(/missing/);
    await app.receive("status", status(sha, "e2e/cluster-a", "failure"));
    expect(gateCheck(sha, "merge_to_release")).toMatchObject({ status: "completed", conclusion: "failure" });
    await app.receive("status", status(sha, "e2e/cluster-a", "success"));
    expect(gateCheck(sha, "merge_to_release")).toMatchObject({ status: "completed", conclusion: "success" });
  });

  it("answers the Waive button with the /waive command on the commit's pull request", async () => {
    repo.branch("feature");
    const sha = repo.commit("feature", { files: { "x.txt": "x" } });
    const pull = repo.addPull({ head: "feature" });
    await app.receive("status", status(sha, "unit", "failure"));
    await app.receive("status", status(sha, "e2e/a", "success"));
    const check = gateCheck(sha, "merge_to_release");
    expect(check).toMatchObject({ conclusion: "failure" });
    expect(check.actions).toEqual([expect.objectContaining({ identifier: "gate-waive", label: "Waive" })]);
    await app.receive("check_run", buildWebhook("check_run", "requested_action", { repo: repoRef, patch: (p: any) => {
      Object.assign(p.check_run, { name: "signalbox/gate:merge_to_release", head_sha: sha });
      p.requested_action = { identifier: "gate-waive" };
      p.sender = { ...p.sender, login: "maintainer", type: "User" };
    } }));
    const reply = repo.comments.find((c: any) => c.issue_number === pull.number);
    expect(reply?.body).toContain("/waive unit <reason> --context merge_to_release");
  });

  it("shows on a config pull request what its new gates would decide for the release head", async () => {
    // A release head with unit passed and no e2e results yet.
    const head = repo.sha("main");
    await app.store.trains.save(repoRef, { head: { sha: head, prs: [], gate: null, testTag: null, releaseTag: null }, pending: [], paused: null, blocked: null, tagging: null, prStages: {} }, clock, null);
    await app.receive("status", status(head, "unit", "success"));
    repo.branch("loosen");
    const proposedSha = repo.commit("loosen", { files: { ".github/signalbox.yml": "train:\n  branch: release\ngates:\n  merge_to_release: { require: [unit] }\n  promote: { require: [staging-smoke] }\n" } });
    await app.receive("pull_request", buildWebhook("pull_request", "opened", { repo: repoRef, patch: (p: any) => {
      p.pull_request.head = { ...p.pull_request.head, sha: proposedSha, ref: "loosen", repo: p.repository };
      p.pull_request.base = { ...p.pull_request.base, ref: "main", repo: p.repository };
      p.pull_request.labels = [];
      p.sender = { ...p.sender, login: "maintainer", type: "User" };
    } }));
    const check: any = repo.checkRuns.find((r: any) => r.name === "signalbox/config" && r.head_sha === proposedSha);
    expect(check).toMatchObject({ conclusion: "success" });
    expect(check.output.summary).toContain("Gates dry run on the release head");
    expect(check.output.summary).toContain("| `merge_to_release` | Of 2 required tests, 1 missing | The required test passed |");
  });

  it("stores each finished pipeline job as a result", async () => {
    repo.commit("main", { files: { ".github/signalbox.yml": "pipelines:\n  unit:\n    on: { push: main }\n    jobs:\n      lint: { status: ci/lint }\n      tests: { status: ci/tests }\ngates:\n  merge_to_release: { require: [\"unit/*\"] }\n" } });
    const sha = repo.sha("main");
    await app.receive("push", buildWebhook("push", undefined, { repo: repoRef, patch: (p: any) => {
      Object.assign(p, { ref: "refs/heads/main", before: "1".repeat(40), after: sha, deleted: false, forced: false });
      p.repository.default_branch = "main";
      p.commits = [{ ...(p.commits?.[0] ?? {}), id: sha, added: [], removed: [], modified: ["x"] }];
      p.sender = { ...p.sender, login: "dev", type: "User" };
    } }));
    await app.receive("status", status(sha, "ci/lint", "success"));
    await app.receive("status", status(sha, "ci/tests", "failure"));
    const stored = await app.store.results.forItem(repoRef, sha);
    expect(stored.filter((r) => r.source === "pipeline").map((r) => [r.testcase, r.outcome]).sort()).toEqual([["unit", "FAILED"], ["unit/lint", "PASSED"], ["unit/tests", "FAILED"]]);
    expect(gateCheck(sha, "merge_to_release")).toMatchObject({ conclusion: "failure" });
  });

  it("takes results over the API and re-evaluates the gate, and answers decisions", async () => {
    await app.close();
    app = await createTestApp(fake, { now: () => clock, env: { API_TOKEN: "results-token" } });
    const sha = repo.sha("main");
    const base = await app.listen();
    const post = (body: object, token = "results-token") =>
      fetch(`${base}/api/results`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) });
    expect((await post({ repository: "octo-org/distro", testcase: "unit", outcome: "PASSED", item: sha }, "wrong")).status).toBe(401);
    expect((await post({ repository: "octo-org/distro", testcase: "unit", outcome: "GREAT", item: sha })).status).toBe(422);
    expect((await post({ repository: "octo-org/distro", testcase: "unit", outcome: "PASSED", item: sha })).status).toBe(201);
    expect((await post({ repository: "octo-org/distro", testcase: "e2e/a", outcome: "PASSED", item: sha })).status).toBe(201);
    await app.signalbox.worker!.drain();
    expect(gateCheck(sha, "merge_to_release")).toMatchObject({ status: "completed", conclusion: "success" });
    const decision = await fetch(`${base}/api/decision?repository=octo-org/distro&context=merge_to_release&item=${sha}`, { headers: { authorization: "Bearer results-token" } });
    expect(await decision.json()).toMatchObject({ satisfied: true });
  });

  it("lets a waiver unblock promotion, blocks again when it expires, and refuses readers' waivers", async () => {
    // A release head, tagged and released (no gate pipeline, no test_tag policy).
    repo.branch("feature");
    repo.commit("feature", { files: { "a.txt": "a" } });
    const pull = repo.addPull({ head: "feature", user: "author" });
    const before = repo.sha("main");
    const after = repo.mergePull(pull.number);
    await app.receive("push", mergePushPayload(repoRef, before, after, ["a.txt"]));
    const head = repo.sha("release");
    const press = (check: string, identifier: string) => app.receive("check_run", buttonPayload(repoRef, check, identifier, head));
    await press("signalbox/train", "train-release");
    await app.receive("status", status(head, "staging-smoke", "failure"));
    await press("signalbox/promote", "train-promote");
    expect(repo.releases[0]).toMatchObject({ tag_name: `release-${TODAY}-1`, prerelease: true });

    // A PR whose head is the release commit carries the waiver.
    const waivePr = repo.addPull({ head: "release", title: "release" });
    const comment = (body: string, login: string) => buildWebhook("issue_comment", "created", { repo: repoRef, patch: (p: any) => {
      const id = 800 + repo.comments.length;
      repo.comments.push({ id, body, issue_number: waivePr.number });
      p.comment = { ...p.comment, id, body, created_at: new Date().toISOString() };
      p.issue = { ...p.issue, number: waivePr.number, pull_request: { url: "x" } };
      p.sender = { ...p.sender, login, type: "User" };
    } });
    await app.receive("issue_comment", comment("/waive staging-smoke flaky staging DNS", "reader"));
    expect(repo.comments.at(-1)?.body).toMatch(/needs write permission/);
    await app.receive("issue_comment", comment("/waive staging-smoke flaky staging DNS --for 2d", "maintainer"));
    expect(gateCheck(head, "promote")).toMatchObject({ conclusion: "success" });

    // Releasing again shows the waiver in the notes' evidence (the release exists, so check directly).
    const waiver = (await app.store.waivers.forItem(repoRef, head))[0]!;
    expect(waiver).toMatchObject({ testcase: "staging-smoke", by: "maintainer", reason: "flaky staging DNS" });

    clock = new Date(clock.getTime() + 3 * 86_400_000); // the waiver has expired
    await press("signalbox/promote", "train-promote");
    expect(repo.releases[0]).toMatchObject({ prerelease: true });
    clock = new Date(clock.getTime() - 2 * 86_400_000); // still within the waiver
    await press("signalbox/promote", "train-promote");
    expect(repo.releases[0]).toMatchObject({ prerelease: false });
  });
});
