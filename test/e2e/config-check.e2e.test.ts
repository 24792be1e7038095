/**
 * End to end: the real `npm start` entry point, the fake GitHub over loopback, signed webhooks.
 */
import { FakeGitHub } from "../fakes/fake-github.js";
import { buildWebhook, deliverWebhook } from "../fakes/webhooks.js";
import { buildApp, githubAppEnv, startApp, waitFor, type RunningApp } from "./start-process.js";

const SECRET = "e2e-secret";
const owner = "octo-org";
const repoName = "app";
const installationId = 4242;

describe("npm start against a fake GitHub", () => {
  const fake = new FakeGitHub();
  let app: RunningApp;

  beforeAll(async () => {
    buildApp();
    await fake.start();
    app = await startApp({
      ...githubAppEnv(fake, SECRET),
    });
  }, 120_000);

  afterAll(async () => {
    await app?.stop("SIGKILL");
    await fake.stop();
  });

  const theRepo = () => fake.findRepo(owner, repoName) ?? fake.addRepo({ owner, repo: repoName, defaultBranch: "main", installationId });

  /** Waits until the app has made no GitHub call for half a second (its work is done). */
  async function callsSettle() {
    let seen = -1;
    await waitFor(async () => {
      const stable = fake.calls.length === seen;
      seen = fake.calls.length;
      await new Promise((r) => setTimeout(r, 500));
      return stable;
    }, 15_000);
  }

  function pushConfig(text: string) {
    const repo = theRepo();
    const before = repo.sha("main");
    const after = repo.commit("main", { files: { ".github/signalbox.yml": text }, message: "Configure signalbox" });
    return buildWebhook("push", undefined, {
      repo: { owner, repo: repoName, installationId },
      patch: (p: Record<string, any>) => {
        p.ref = "refs/heads/main";
        p.before = before;
        p.after = after;
        p.deleted = false;
        p.forced = false;
        p.repository.default_branch = "main";
        p.commits = [{ ...(p.commits?.[0] ?? {}), id: after, added: [], removed: [], modified: [".github/signalbox.yml"] }];
        p.sender = { ...p.sender, login: "maintainer", type: "User" };
      },
    });
  }

  it("fails the signalbox/config check on a broken file, naming the line", async () => {
    const payload = pushConfig("pipelines:\n  e2e:\n    on: { label: run-e2e }\n    jobs:\n      build: { stage: nowhere, workflow: build.yml }\n");
    const res = await deliverWebhook(app.url, { name: "push", id: "e2e-delivery-1", payload, secret: SECRET });
    expect(res.status).toBe(200);
    const repo = theRepo();
    await waitFor(() => repo.checkRuns.some((r: any) => r.name === "signalbox/config"), 15_000, app.output);
    const run = repo.checkRuns.find((r: any) => r.name === "signalbox/config")!;
    expect(run.conclusion).toBe("failure");
    expect(run.output.summary).toMatch(/\| 5 \| `pipelines\.e2e\.jobs\.build\.stage` \|/);
    fake.assertNoViolations();
  });

  it("does nothing twice when the same delivery is redelivered", async () => {
    const payload = pushConfig("pipelines: {}\n");
    await deliverWebhook(app.url, { name: "push", id: "e2e-delivery-2", payload, secret: SECRET });
    const repo = theRepo();
    await waitFor(() => repo.checkRuns.some((r: any) => r.head_sha === payload.after), 15_000, app.output);
    await callsSettle();
    const callsBefore = fake.calls.length;
    const again = await deliverWebhook(app.url, { name: "push", id: "e2e-delivery-2", payload, secret: SECRET });
    expect(again.status).toBe(200);
    await new Promise((r) => setTimeout(r, 1000));
    expect(fake.calls.length).toBe(callsBefore);
    expect(repo.checkRuns.filter((r: any) => r.head_sha === payload.after)).toHaveLength(1);
  });

  it("refuses a delivery with a forged signature", async () => {
    const payload = pushConfig("pipelines: {}\n");
    const res = await deliverWebhook(app.url, { name: "push", id: "e2e-forged", payload, secret: "not-the-secret" });
    expect(res.status).toBeGreaterThanOrEqual(400);
    await new Promise((r) => setTimeout(r, 500));
    const repo = theRepo();
    expect(repo.checkRuns.filter((r: any) => r.head_sha === payload.after)).toHaveLength(0);
  });

  it("never writes a secret to its logs", () => {
    const logs = app.output();
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).not.toContain(SECRET);
    expect(logs).not.toContain(fake.privateKey.split("\n")[1]!); // a line of the key's body
    expect(logs).not.toMatch(/ghs_[A-Za-z0-9]{8,}/); // installation tokens
  });

  it("reports readiness and exits cleanly on SIGTERM", async () => {
    const ready = await fetch(`${app.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ready", engine: "sqlite" });
    const code = await app.stop("SIGTERM");
    expect(code).toBe(0);
  });
});
