/**
 * Comment commands on a fork's pull request act on the commit the commenter looked at, and once
 * per comment: through Probot against the fake GitHub.
 */
import { FakeGitHub } from "../fakes/fake-github.js";
import { buildWebhook } from "../fakes/webhooks.js";
import { pullRequestWebhook } from "../support/seed-repo.js";
import { createTestApp, type TestApp } from "../support/test-app.js";

const repoRef = { owner: "octo-org", repo: "serverless", installationId: 61 };
const CONFIG = `pipelines:
  e2e:
    on: { label: run-e2e }
    jobs:
      suite: { workflow: e2e.yml }
gates:
  merge: { require: [smoke] }
`;
const T0 = Date.parse("2026-11-22T10:00:00Z");
const at = (seconds: number) => new Date(T0 + seconds * 1000);

describe("comment commands on a fork's pull request", () => {
  const fake = new FakeGitHub();
  let app: TestApp;
  let clock: Date;
  let repo: ReturnType<FakeGitHub["addRepo"]>;
  let pull: any;

  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  beforeEach(async () => {
    fake.reset();
    clock = at(0);
    app = await createTestApp(fake, { now: () => clock });
    repo = fake.addRepo({ ...repoRef, defaultBranch: "main" });
    repo.commit("main", { files: { ".github/signalbox.yml": CONFIG } });
    repo.setPermission("maintainer", "write");
    repo.branch("feature");
    repo.commit("feature", { files: { "src/app.ts": "export {}\n" }, author: { date: at(-3600).toISOString() } });
    pull = repo.addPull({ head: "feature", user: "stranger", fork: "stranger" });
  });
  afterEach(async () => {
    await app.close();
    fake.assertNoViolations();
  });

  /** Delivers a webhook at `seconds` after T0 on signalbox's clock. */
  const receiveAt = (seconds: number, name: string, payload: unknown, id?: string) => {
    clock = at(seconds);
    return app.receive(name, payload, id);
  };
  const fork = (p: any) => (p.pull_request.head.repo = { ...p.repository, full_name: "stranger/serverless" });
  /** The fork's author pushes a commit whose committer date they chose. */
  const forkPush = (committedAt: Date) => repo.commit("feature", { files: { "src/app.ts": `export const at = ${committedAt.getTime()};\n` }, author: { date: committedAt.toISOString() } });
  const synchronize = () =>
    pullRequestWebhook("synchronize", repoRef, { number: pull.number, headSha: repo.sha("feature"), sender: "stranger", patch: fork });
  const comment = (body: string, writtenAt: Date, options: { id?: number; action?: string } = {}) =>
    buildWebhook("issue_comment", options.action ?? "created", {
      repo: repoRef,
      patch: (p: any) => {
        const id = options.id ?? 9000 + repo.comments.length;
        if (!repo.comments.some((c: any) => c.id === id)) repo.comments.push({ id, body, issue_number: pull.number });
        p.comment = { ...p.comment, id, body, created_at: writtenAt.toISOString(), updated_at: writtenAt.toISOString(), user: { ...p.comment.user, login: "maintainer" } };
        p.issue = { ...p.issue, number: pull.number, pull_request: { url: "x" } };
        p.sender = { ...p.sender, login: "maintainer", type: "User" };
      },
    });
  const dispatches = () => repo.dispatches.filter((d: any) => d.workflow_id === "e2e.yml");
  const replies = () => repo.comments.filter((c: any) => String(c.body).startsWith("@maintainer"));

  it("runs /test on the head the maintainer looked at, on the base branch's workflow", async () => {
    await receiveAt(-600, "pull_request", synchronize());
    await receiveAt(5, "issue_comment", comment("/test e2e", at(0)));
    expect(dispatches()).toEqual([expect.objectContaining({ ref: "main", inputs: expect.objectContaining({ sha: repo.sha("feature") }) })]);
  });

  it("refuses /test when signalbox heard the head move after the comment, though the commit claims an older date", async () => {
    await receiveAt(-600, "pull_request", synchronize());
    const moved = forkPush(at(-7200)); // backdated: the committer date is the fork author's to choose
    await receiveAt(3, "pull_request", synchronize());
    await receiveAt(5, "issue_comment", comment("/test e2e", at(0)));
    expect(dispatches()).toEqual([]);
    expect(String(replies().at(-1)?.body).split("\n")[0]).toBe(
      `@maintainer the head moved to ${moved.slice(0, 7)} after your comment, so \`/test\` did nothing. Look at ${moved.slice(0, 7)}, then comment again to act on it.`,
    );
  });

  it("refuses /test when the head was committed after the comment and signalbox never heard the push", async () => {
    await receiveAt(-600, "pull_request", synchronize());
    const moved = forkPush(at(20)); // its synchronize delivery was lost
    await receiveAt(30, "issue_comment", comment("/test e2e", at(0)));
    expect(dispatches()).toEqual([]);
    expect(replies().at(-1)?.body).toContain(`the head moved to ${moved.slice(0, 7)} after your comment`);
  });

  it("refuses /waive when the head moved after the comment: the waiver would cover a commit nobody looked at", async () => {
    await receiveAt(-600, "pull_request", synchronize());
    const moved = forkPush(at(-7200));
    await receiveAt(3, "pull_request", synchronize());
    await receiveAt(5, "issue_comment", comment("/waive smoke flaky staging DNS", at(0)));
    expect(await app.store.waivers.forItem(repoRef, moved)).toEqual([]);
    expect(replies().at(-1)?.body).toContain(`the head moved to ${moved.slice(0, 7)} after your comment`);
    expect(replies().at(-1)?.body).toContain("`/waive` did nothing");
  });

  it("acts once per comment: a redelivered /test starts nothing again, and neither does an edit", async () => {
    await receiveAt(-600, "pull_request", synchronize());
    const written = comment("/test e2e", at(0), { id: 4242 });
    await receiveAt(5, "issue_comment", written, "first-delivery");
    await receiveAt(60, "issue_comment", structuredClone(written), "redelivery");
    await receiveAt(90, "issue_comment", comment("/test e2e", at(0), { id: 4242, action: "edited" }));
    expect(dispatches()).toHaveLength(1);
    const runs = await app.store.runs.forRepo("octo-org/serverless", { prNumber: pull.number });
    expect(runs.map((r) => r.status)).toEqual(["running"]);
  });

  it("acts once per comment: a redelivered or edited /waive records one waiver and answers once", async () => {
    await receiveAt(-600, "pull_request", synchronize());
    const written = comment("/waive smoke flaky staging DNS", at(0), { id: 4343 });
    await receiveAt(5, "issue_comment", written, "first-delivery");
    const answered = replies().length;
    await receiveAt(60, "issue_comment", structuredClone(written), "redelivery");
    await receiveAt(90, "issue_comment", comment("/waive smoke another reason", at(0), { id: 4343, action: "edited" }));
    expect(await app.store.waivers.forItem(repoRef, repo.sha("feature"))).toEqual([expect.objectContaining({ testcase: "smoke", reason: "flaky staging DNS" })]);
    expect(answered).toBe(1);
    expect(replies()).toHaveLength(1);
  });
});
