/**
 * End to end: the release train in the real `npm start` process against the fake GitHub over
 * loopback, with signed webhooks and the promote API.
 */
import { FakeGitHub } from "../fakes/fake-github.js";
import { buildWebhook, deliverWebhook } from "../fakes/webhooks.js";
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

  it("names each pushed release- tag in its PRs' comments, the first and one after a previous release", async () => {
    const ref = { ...repoRef, repo: "tramway" };
    const repo = fake.addRepo({ ...ref, defaultBranch: "main" });
    repo.commit("main", { files: { ".github/signalbox.yml": "train:\n  branch: release\n" } });
    repo.branch("release"); // made by hand before the train: each head is the train's own merge commit
    repo.setPermission("maintainer", "write");
    let delivery = 0;
    const send = async (name: string, payload: unknown) =>
      expect((await deliverWebhook(app.url, { name, id: `tramway-${++delivery}`, payload, secret: SECRET })).status).toBe(200);
    const merge = async (file: string) => {
      const before = repo.sha("main");
      repo.branch(`pr-${file}`);
      repo.commit(`pr-${file}`, { files: { [file]: file } });
      const pull = repo.addPull({ head: `pr-${file}`, title: `Add ${file}`, user: "author" });
      const tags = repo.tags.length;
      await send("push", mergePushPayload(ref, before, repo.mergePull(pull.number), [file]));
      await waitFor(() => repo.tags.length === tags + 1, 15_000, app.output);
      return pull;
    };
    const pushReleaseTag = async () => {
      const head = repo.sha("release");
      const testTag = String((repo.tags.find((t: any) => t.sha === head) as any).name);
      const name = testTag.replace(/^test-/, "release-");
      repo.refs.set(`tags/${name}`, head);
      const releases = repo.releases.length;
      await send("push", buildWebhook("push", undefined, { repo: ref, patch: (p: any) => {
        Object.assign(p, { ref: `refs/tags/${name}`, before: "0".repeat(40), after: head, deleted: false, created: true });
        p.sender = { ...p.sender, login: "maintainer", type: "User" };
      } }));
      await waitFor(() => repo.releases.length === releases + 1, 15_000, app.output);
      return name;
    };
    const whereSays = (pull: { number?: unknown }, text: string) =>
      waitFor(() => repo.comments.some((c: any) => c.issue_number === pull.number && String(c.body).includes(text)), 15_000, app.output);

    const first = await merge("a.txt");
    const firstRelease = await pushReleaseTag();
    await whereSays(first, firstRelease);
    const second = await merge("b.txt");
    const secondRelease = await pushReleaseTag();
    await whereSays(second, secondRelease);
    expect(String((repo.releases.find((r: any) => r.tag_name === secondRelease) as any).body)).toContain(`#${second.number}`);
    fake.assertNoViolations();
  });
});
