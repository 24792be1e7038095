/** What the board API owes the outside world: the project webhook and commit statuses on GitHub. */
import { Probot, ProbotOctokit } from "probot";
import { pino } from "pino";
import { OctokitApp, OctokitGitHub } from "../../src/effects/octokit-github.js";
import { FakeGitHub } from "../fakes/fake-github.js";
import { postForm, startBoardApi, TOKEN, WebhookReceiver, type Harness } from "./board-harness.js";

const sha = (i: number) => i.toString(16).padStart(40, "0");
const report = (over: Record<string, string>) =>
  ({ token: TOKEN, name: "foo_tests", repository: "git@example.com:user/foo.git", revision: sha(1), status: "building", ...over });

describe("project-status webhook", () => {
  const receiver = new WebhookReceiver();
  let api: Harness;
  beforeAll(async () => {
    await receiver.start();
    api = await startBoardApi({ env: { WEBHOOK_URL: receiver.url } });
  });
  afterEach(() => void (receiver.received.length = 0));
  afterAll(async () => {
    await receiver.stop();
    await api.close();
  });

  it("sends the newest 10 revisions with 5-character short names, verbatim names and no status_url", async () => {
    const name = `<img src=x onerror=alert(1)>`;
    for (let i = 1; i <= 12; i++) {
      await postForm(`${api.url}/api/build_status`, report({ revision: sha(i), name, status: "successful", status_url: "https://ci/secret" }));
    }
    const last = () => receiver.received.at(-1)?.payload as { latest_revisions: Array<{ hash: string }> } | undefined;
    for (let i = 0; i < 250 && last()?.latest_revisions[0]?.hash !== sha(12); i++) await new Promise((r) => setTimeout(r, 20));
    const payload = last()!;
    expect(payload).toMatchObject({ project_name: "foo", project_removed: false });
    expect(payload.latest_revisions).toHaveLength(10);
    expect(payload.latest_revisions.map((r) => r.hash)).toEqual(Array.from({ length: 10 }, (_, i) => sha(12 - i)));
    expect(payload.latest_revisions[0]).toEqual({ hash: sha(12), short_name: sha(12).slice(0, 5), builds: [{ name, status: "successful" }] });
    expect(JSON.stringify(receiver.received)).not.toContain("status_url");
    expect(JSON.stringify(receiver.received)).not.toContain("https://ci/secret");
  });

  it("sends display statuses with mapped names, as joakimk's serializer spec expects", async () => {
    const repository = "git@example.com:user/mapped.git";
    const post = (over: Record<string, string>) => postForm(`${api.url}/api/build_status`, report({ repository, ...over }));
    await post({ revision: sha(0), name: "foo_tests", status: "successful" });
    await post({ revision: sha(0), name: "foo_deploy", status: "successful" });
    const project = (await api.store.board.findProjectByRepository(repository))!;
    await api.store.board.setMappings(project.id, ["foo_tests=tests", "foo_deploy=deploy"]);
    await post({ revision: sha(1), name: "foo_tests", status: "building" });
    for (let i = 0; i < 250 && (receiver.received.at(-1)?.payload.latest_revisions as unknown[] | undefined)?.length !== 2; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(receiver.received.at(-1)!.payload).toEqual({
      project_name: "mapped",
      project_removed: false,
      latest_revisions: [
        { hash: sha(1), short_name: "00000", builds: [{ name: "tests", status: "building" }, { name: "deploy", status: "pending" }] },
        { hash: sha(0), short_name: "00000", builds: [{ name: "tests", status: "successful" }, { name: "deploy", status: "successful" }] },
      ],
    });
  });

  it("retries after a 500, the first time within 5 seconds", async () => {
    receiver.script = [500];
    await postForm(`${api.url}/api/build_status`, report({ repository: "git@example.com:user/retry.git" }));
    const [failed, retried] = await receiver.until(2);
    expect(retried).toBeDefined();
    expect(retried!.at - failed!.at).toBeLessThan(5000);
    expect(retried!.payload).toEqual(failed!.payload);
    // the row goes once the worker has seen the 200, a moment after the receiver recorded it
    for (let i = 0; i < 100 && (await api.store.boardOutbox.list()).length > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await api.store.boardOutbox.list()).toEqual([]);
  });

  it("does not delay the API answer while the receiver hangs, and still delivers the newest state", async () => {
    receiver.script = ["hang"];
    const repository = "git@example.com:user/slow.git";
    const started = Date.now();
    const res = await postForm(`${api.url}/api/build_status`, report({ repository }));
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1000);
    // A newer state while the old one hangs: once the hanging send fails, the newest one goes out.
    await postForm(`${api.url}/api/build_status`, report({ repository, status: "failed" }));
    await new Promise((r) => setTimeout(r, 100));
    expect(receiver.received).toEqual([]);
    receiver.dropHanging();
    const [delivered] = await receiver.until(1);
    expect(delivered!.payload).toMatchObject({ project_name: "slow", latest_revisions: [{ builds: [{ status: "failed" }] }] });
    expect(delivered!.at - started).toBeLessThan(5000);
  });

  it("tells the receiver a deleted project was removed", async () => {
    await postForm(`${api.url}/api/build_status`, report({ repository: "git@example.com:user/gone.git" }));
    await receiver.until(1);
    const res = await fetch(`${api.url}/api/projects/gone`, { method: "DELETE", headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    const received = await receiver.until(2);
    expect(received.at(-1)!.payload).toEqual({ project_name: "gone", project_removed: true, latest_revisions: [] });
  });
});

describe("commit statuses mirrored to GitHub", () => {
  const fake = new FakeGitHub();
  let api: Harness;
  let lookups: string[];
  beforeAll(async () => {
    await fake.start();
    const probot = new Probot({
      appId: fake.appId,
      privateKey: fake.privateKey,
      baseUrl: fake.url,
      log: pino({ level: "silent" }),
      Octokit: ProbotOctokit.defaults((o: object) => ({ ...o, retry: { enabled: false }, throttle: { enabled: false } })),
    });
    const app = new OctokitApp(() => probot.auth());
    lookups = [];
    api = await startBoardApi({
      github: async (id) => new OctokitGitHub(await probot.auth(id)),
      app: { findInstallationId: (owner, repo) => (lookups.push(`${owner}/${repo}`), app.findInstallationId(owner, repo)) },
    });
  });
  afterAll(async () => {
    await api.close();
    await fake.stop();
  });

  async function until(check: () => boolean): Promise<void> {
    for (let i = 0; i < 250 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
  }

  it("mirrors each build of an installed repository as a commit status, with one installation lookup", async () => {
    const repo = fake.addRepo({ owner: "octo", repo: "app", installationId: 42 });
    const head = repo.sha("main");
    const common = { repository: "git@github.com:octo/app.git", revision: head, name: "unit" };
    await postForm(`${api.url}/api/build_status`, report({ ...common, status_url: "https://ci.example/7" }));
    await until(() => repo.statuses.length === 1);
    await postForm(`${api.url}/api/build_status`, report({ ...common, status: "failed", status_url: "https://ci.example/7" }));
    await until(() => repo.statuses.length === 2);
    expect(repo.statuses.map((s) => [s.context, s.state, s.target_url, s.sha])).toEqual([
      ["unit", "pending", "https://ci.example/7", head],
      ["unit", "failure", "https://ci.example/7", head],
    ]);
    expect(lookups).toEqual(["octo/app"]);
    fake.assertNoViolations();
  });

  it("makes no GitHub call for a repository elsewhere, or where the app is not installed", async () => {
    const callsBefore = fake.calls.length;
    await postForm(`${api.url}/api/build_status`, report({ repository: "git@gitlab.com:octo/app.git" }));
    await postForm(`${api.url}/api/build_status`, report({ repository: "https://github.com/nobody/there" }));
    await until(() => lookups.includes("nobody/there"));
    for (let i = 0; i < 100 && (await api.store.boardOutbox.list()).length > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(lookups).not.toContain("octo/app.git");
    expect(fake.calls.slice(callsBefore).map((c) => `${c.method} ${c.path}`).filter((c) => !c.includes("/installation"))).toEqual([]);
    expect(await api.store.boardOutbox.list()).toEqual([]);
  });

  it("gives up, logging once, when GitHub refuses the status (unknown commit)", async () => {
    fake.addRepo({ owner: "octo", repo: "other", installationId: 42 });
    await postForm(`${api.url}/api/build_status`, report({ repository: "git@github.com:octo/other.git", revision: sha(99) }));
    await until(() => api.log.error.length > 0);
    expect(api.log.error).toEqual([expect.objectContaining({ reason: expect.stringContaining("422") })]);
    expect(await api.store.boardOutbox.list()).toEqual([]);
  });
});
