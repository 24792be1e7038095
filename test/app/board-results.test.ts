/**
 * A build reported to the board is a result (source `board`) for the gates at once, whether or not
 * its repository string names a GitHub repository; the commit status signalbox mirrors from it,
 * echoed back by GitHub, is not recorded a second time.
 */
import { FakeGitHub } from "../fakes/fake-github.js";
import { buildWebhook } from "../fakes/webhooks.js";
import { createTestApp, type TestApp } from "../support/test-app.js";

const repoRef = { owner: "octo-org", repo: "shop", installationId: 51 };
const TOKEN = "board-token";
const CONFIG = "gates:\n  staging:\n    require: [unit, deploy-staging]\n";

describe("board reports as results", () => {
  const fake = new FakeGitHub();
  let app: TestApp;
  let base: string;
  let repo: ReturnType<FakeGitHub["addRepo"]>;

  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  beforeEach(async () => {
    fake.reset();
    process.env.GHE_HOST = new URL(fake.url).host; // the fake's repositories are GitHub repositories
    app = await createTestApp(fake, { now: () => new Date("2026-11-22T10:00:00Z"), env: { API_TOKEN: TOKEN } });
    base = await app.listen();
    repo = fake.addRepo({ ...repoRef, defaultBranch: "main" });
    repo.commit("main", { files: { ".github/signalbox.yml": CONFIG } });
  });
  afterEach(async () => {
    delete process.env.GHE_HOST;
    await app.close();
    fake.assertNoViolations();
  });

  const report = async (repository: string, name: string, status: string, revision = repo.sha("main")) => {
    const answer = await fetch(`${base}/api/build_status`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: TOKEN, name, repository, revision, status, status_url: `https://ci.example/${name}/1` }),
    });
    expect(answer.status).toBe(200);
    await app.signalbox.boardWorker!.drain();
    await app.signalbox.worker!.drain();
  };
  const api = async (path: string) => (await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } })).json() as Promise<any>;
  const resultsOf = (sha: string) => api(`/api/results?repository=octo-org/shop&item=${sha}`);
  const decision = (sha: string) => api(`/api/decision?repository=octo-org/shop&context=staging&item=${sha}`);
  const gateCheck = (sha: string): any => repo.checkRuns.find((r: any) => r.name === "signalbox/gate:staging" && r.head_sha === sha);

  it("stores each report as a board result and decides the gate on it, without waiting for GitHub's echo", async () => {
    const sha = repo.sha("main");
    await report(`http://${process.env.GHE_HOST}/octo-org/shop.git`, "unit", "building");
    expect(await resultsOf(sha)).toEqual([expect.objectContaining({ testcase: "unit", outcome: "RUNNING", source: "board", ref_url: "https://ci.example/unit/1" })]);

    await report(`git@${new URL(fake.url).hostname}:octo-org/shop.git`, "unit", "successful");
    await report(`http://${process.env.GHE_HOST}/octo-org/shop`, "deploy-staging", "failed");
    expect((await decision(sha)).summary).toBe("Of 2 required tests, 1 failed");
    expect(gateCheck(sha)).toMatchObject({ status: "completed", conclusion: "failure" });

    await report(`http://${process.env.GHE_HOST}/octo-org/shop`, "deploy-staging", "successful");
    expect(await decision(sha)).toMatchObject({ satisfied: true, summary: "All 2 required tests passed" });
    expect(gateCheck(sha)).toMatchObject({ status: "completed", conclusion: "success" });
  });

  it("records a build of a repository that is not on GitHub under its owner/name, so the GitHub repository's gates see it", async () => {
    const sha = repo.sha("main");
    await report("git@git.internal.example:octo-org/shop.git", "unit", "successful");
    await report("https://git.internal.example/octo-org/shop.git", "deploy-staging", "successful");
    expect((await resultsOf(sha)).map((r: any) => [r.testcase, r.outcome, r.source])).toEqual([
      ["deploy-staging", "PASSED", "board"],
      ["unit", "PASSED", "board"],
    ]);
    expect(await decision(sha)).toMatchObject({ satisfied: true });
    expect(repo.statuses ?? []).toEqual([]); // nothing is mirrored to a host that is not GitHub
  });

  it("does not record the echo of the commit status it mirrored a second time", async () => {
    const sha = repo.sha("main");
    await report(`http://${process.env.GHE_HOST}/octo-org/shop`, "unit", "successful");
    const echo = buildWebhook("status", undefined, {
      repo: repoRef,
      patch: (p: any) => {
        Object.assign(p, { sha, context: "unit", state: "success", target_url: "https://ci.example/unit/1" });
        p.sender = { ...p.sender, login: fake.botLogin, type: "Bot" };
      },
    });
    await app.receive("status", echo);
    expect((await resultsOf(sha)).map((r: any) => r.source)).toEqual(["board"]);

    // Another CI's commit status is a result of its own.
    const other = buildWebhook("status", undefined, {
      repo: repoRef,
      patch: (p: any) => Object.assign(p, { sha, context: "lint", state: "success", sender: { ...p.sender, login: "ci-bot", type: "Bot" } }),
    });
    await app.receive("status", other);
    expect((await resultsOf(sha)).map((r: any) => `${r.testcase}:${r.source}`)).toEqual(["lint:status", "unit:board"]);
  });
});
