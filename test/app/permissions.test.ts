/**
 * Labels, commands and check-run buttons count only when their sender has write permission on
 * the repository, read from GitHub for every event (a change between two events is honoured at
 * once); events signalbox itself caused are ignored.
 */
import { FakeGitHub, type FakeRepo } from "../fakes/fake-github.js";
import { buildWebhook } from "../fakes/webhooks.js";
import { createTestApp, type TestApp } from "../support/test-app.js";
import { seedRepoWithPull, pullRequestWebhook } from "../support/seed-repo.js";

const repoRef = { owner: "octo-org", repo: "guarded", installationId: 41 };
const CONFIG = `pipelines:
  e2e:
    on: { label: run-e2e }
    jobs:
      build: { workflow: build.yml }
      test: { status: ci/test, needs: [build] }
`;

describe("permissions, checked on every event", () => {
  const fake = new FakeGitHub();
  let app: TestApp;
  let repo: FakeRepo;
  let pull: any;

  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  beforeEach(async () => {
    fake.reset();
    app = await createTestApp(fake);
    ({ repo, pull } = seedRepoWithPull(fake, repoRef, CONFIG));
    repo.setPermission("reader", "read");
  });
  afterEach(async () => {
    await app.close();
    fake.assertNoViolations();
  });

  const sender = (login: string, type = "User") => (p: any) => (p.sender = { ...p.sender, login, type });
  const labeled = (login: string, type = "User") =>
    pullRequestWebhook("labeled", repoRef, { number: pull.number, headSha: repo.sha("feature"), sender: login, senderType: type });
  const comment = (body: string, login: string) =>
    buildWebhook("issue_comment", "created", {
      repo: repoRef,
      patch: (p: any) => {
        const made = { id: 5000 + repo.comments.length, body, user: { login }, created_at: new Date().toISOString() };
        repo.comments.push({ ...made, issue_number: pull.number });
        p.comment = { ...p.comment, ...made };
        p.issue = { ...p.issue, number: pull.number, pull_request: { url: "x" } };
        sender(login)(p);
      },
    });
  const checkButton = (action: "rerequested" | "requested_action", login: string) =>
    buildWebhook("check_run", action, {
      repo: repoRef,
      patch: (p: any) => {
        Object.assign(p.check_run, { name: "signalbox/e2e", head_sha: repo.sha("feature") });
        if (action === "requested_action") p.requested_action = { identifier: "rerun-failed" };
        sender(login)(p);
      },
    });
  const failTests = () =>
    buildWebhook("status", undefined, {
      repo: repoRef,
      patch: (p: any) => Object.assign(p, { sha: repo.sha("feature"), context: "ci/test", state: "failure", sender: { ...p.sender, login: "ci-bot", type: "User" } }),
    });
  const buildFinished = () =>
    buildWebhook("workflow_run", "completed", {
      repo: repoRef,
      patch: (p: any) => {
        const run: any = repo.dispatches.find((d: any) => d.workflow_id === "build.yml");
        Object.assign(p.workflow_run, { id: run.run_id, path: ".github/workflows/build.yml", head_sha: repo.sha("feature"), conclusion: "success", status: "completed" });
        sender("maintainer")(p);
      },
    });
  const checkRun = (): any => repo.checkRuns.find((r: any) => r.name === "signalbox/e2e");
  const permissionReads = (login: string) => fake.calls.filter((c) => c.method === "GET" && c.path.endsWith(`/collaborators/${login}/permission`)).length;

  /** A failed run of e2e, started by the maintainer: something buttons and /retest could re-run. */
  async function failedRun(): Promise<void> {
    await app.receive("pull_request", labeled("maintainer"));
    await app.receive("workflow_run", buildFinished());
    await app.receive("status", failTests());
    expect(checkRun()).toMatchObject({ status: "completed", conclusion: "failure" });
  }

  it("refuses a reader's label and says why; honours it once the reader is given write permission", async () => {
    await app.receive("pull_request", labeled("reader"));
    expect(repo.dispatches).toEqual([]);
    expect(repo.comments.at(-1)?.body).toMatch(/@reader only people with write access can start `e2e`/);

    repo.setPermission("reader", "write");
    await app.receive("pull_request", labeled("reader"));
    expect(repo.dispatches.map((d: any) => d.workflow_id)).toEqual(["build.yml"]);
    expect(permissionReads("reader")).toBe(2);
  });

  it("refuses a reader's /retest and says why; refuses a maintainer's once they are demoted", async () => {
    await failedRun();
    const dispatched = repo.dispatches.length;
    await app.receive("issue_comment", comment("/retest", "reader"));
    expect(repo.dispatches.length).toBe(dispatched);
    expect(checkRun()).toMatchObject({ conclusion: "failure" });
    expect(repo.comments.at(-1)?.body).toMatch(/only people with write access can use `\/retest`/);

    repo.setPermission("maintainer", "read");
    await app.receive("issue_comment", comment("/retest", "maintainer"));
    expect(checkRun()).toMatchObject({ conclusion: "failure" });
    expect(repo.comments.at(-1)?.body).toMatch(/only people with write access can use `\/retest`/);

    repo.setPermission("maintainer", "write");
    await app.receive("issue_comment", comment("/retest", "maintainer"));
    expect(checkRun()).toMatchObject({ status: "in_progress" });
  });

  it.each(["rerequested", "requested_action"] as const)("ignores a reader pressing the check run's %s button", async (action) => {
    await failedRun();
    const before = { dispatches: repo.dispatches.length, check: structuredClone(checkRun()) };
    await app.receive("check_run", checkButton(action, "reader"));
    expect(repo.dispatches.length).toBe(before.dispatches);
    expect(checkRun()).toEqual(before.check);
    expect(permissionReads("reader")).toBe(1);

    await app.receive("check_run", checkButton(action, "maintainer"));
    expect(checkRun()).toMatchObject({ status: "in_progress" });
  });

  it("ignores its own events: a label signalbox[bot] added starts nothing and costs no permission read", async () => {
    await app.receive("pull_request", labeled(fake.botLogin, "Bot"));
    expect(repo.dispatches).toEqual([]);
    expect(repo.comments).toEqual([]);
    expect(permissionReads(fake.botLogin)).toBe(0);
    const entry = (await app.store.db.selectFrom("journal").select(["state", "detail"]).where("name", "=", "pull_request").executeTakeFirst())!;
    expect(entry).toEqual({ state: "ignored", detail: "pull_request: caused by signalbox itself" });
  });
});
