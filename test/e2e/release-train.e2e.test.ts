/**
 * End to end: the release train in the real `npm start` process against the fake GitHub over
 * loopback, with signed webhooks and the promote API.
 */
import { FakeGitHub } from "../fakes/fake-github.js";
import { deliverWebhook } from "../fakes/webhooks.js";
import { buttonPayload, mergePushPayload } from "../support/payloads.js";
import { buildApp, githubAppEnv, startApp, waitFor, type RunningApp } from "./start-process.js";

const SECRET = "train-e2e-secret";
const TOKEN = "train-e2e-token";
const repoRef = { owner: "octo-org", repo: "railway", installationId: 4343 };

describe("the release train in npm start", () => {
  const fake = new FakeGitHub();
  let app: RunningApp;

  beforeAll(async () => {
    buildApp();
    await fake.start();
    app = await startApp({
      ...githubAppEnv(fake, SECRET),
      API_TOKEN: TOKEN,
    });
  }, 120_000);

  afterAll(async () => {
    await app?.stop("SIGKILL");
    await fake.stop();
  });

  it("merges, tags, releases on the button and promotes through the API", async () => {
    const repo = fake.addRepo({ ...repoRef, defaultBranch: "main" });
    repo.commit("main", { files: { ".github/signalbox.yml": "train:\n  branch: release\n" } });
    repo.setPermission("maintainer", "write");
    const before = repo.sha("main");
    repo.branch("feature");
    repo.commit("feature", { files: { "a.txt": "a" } });
    const after = repo.mergePull(repo.addPull({ head: "feature", title: "Add a" }).number);
    const push = mergePushPayload(repoRef, before, after, ["a.txt"]);
    expect((await deliverWebhook(app.url, { name: "push", id: "train-e2e-1", payload: push, secret: SECRET })).status).toBe(200);
    await waitFor(() => repo.tags.length === 1, 15_000, app.output);
    const head = repo.sha("release");
    expect(repo.tags[0]).toMatchObject({ sha: head });

    const button = buttonPayload(repoRef, "signalbox/train", "train-release", head);
    await deliverWebhook(app.url, { name: "check_run", id: "train-e2e-2", payload: button, secret: SECRET });
    await waitFor(() => repo.releases.length === 1, 15_000, app.output);
    const tag = String((repo.releases[0] as any).tag_name);
    expect(tag).toMatch(/^release-\d{4}\.\d{2}\.\d{2}-1$/);

    const promote = await fetch(`${app.url}/api/repos/octo-org/railway/releases/${tag}/promote`, { method: "POST", headers: { authorization: `Bearer ${TOKEN}` } });
    expect(promote.status).toBe(200);
    expect(repo.releases[0]).toMatchObject({ prerelease: false });
    fake.assertNoViolations();
  });
});
