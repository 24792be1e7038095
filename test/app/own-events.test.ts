/**
 * Events signalbox itself caused: its labels, comments and completed check runs are dropped (acting
 * on them would loop), but a push or tag the train made starts its pipelines, exactly once.
 */
import { FakeGitHub } from "../fakes/fake-github.js";
import { buildWebhook } from "../fakes/webhooks.js";
import { buttonPayload, mergePushPayload } from "../support/payloads.js";
import { createTestApp, type TestApp } from "../support/test-app.js";

const repoRef = { owner: "octo-org", repo: "neco", installationId: 41 };
const TODAY = "2026.11.22";

describe("signalbox's own events", () => {
  const fake = new FakeGitHub();
  let app: TestApp;
  let repo: ReturnType<FakeGitHub["addRepo"]>;

  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  beforeEach(async () => {
    fake.reset();
    app = await createTestApp(fake, { now: () => new Date("2026-11-22T10:00:00Z") });
    repo = fake.addRepo({ ...repoRef, defaultBranch: "main" });
    repo.setPermission("maintainer", "write");
  });
  afterEach(async () => {
    await app.close();
    fake.assertNoViolations();
  });

  const configure = (config: string) => repo.commit("main", { files: { ".github/signalbox.yml": config } });
  const dispatched = (workflow: string): any[] => repo.dispatches.filter((d: any) => d.workflow_id === workflow);
  const asApp = (p: any) => (p.sender = { ...p.sender, login: fake.botLogin, type: "Bot" });
  /** The push GitHub sends for a ref signalbox moved (a train merge or a tag it created). */
  const ownPush = (ref: string, before: string, after: string) =>
    buildWebhook("push", undefined, {
      repo: repoRef,
      patch: (p: any) => {
        Object.assign(p, { ref, before, after, deleted: false, forced: false, created: before === "0".repeat(40) });
        p.repository.default_branch = "main";
        p.commits = ref.startsWith("refs/tags/") ? [] : [{ ...(p.commits?.[0] ?? {}), id: after, added: [], removed: [], modified: ["a.txt"] }];
        asApp(p);
      },
    });
  const journalOf = (id: string) => app.store.db.selectFrom("journal").select(["state", "detail"]).where("id", "=", id).executeTakeFirstOrThrow();

  it("starts the pipelines of a branch push and a tag it made, once each, though GitHub delivers each twice", async () => {
    configure(`pipelines:
  smoke:
    on: { push: release }
    jobs:
      cluster-smoke: { workflow: smoke.yml }
  dctest:
    on: { tag: "test-*" }
    jobs:
      dc: { workflow: dc.yml }
`);
    repo.branch("release");
    const before = repo.sha("release");
    const head = repo.commit("release", { files: { "a.txt": "1" } });
    await app.receive("push", ownPush("refs/heads/release", before, head), "merge-push-1");
    await app.receive("push", ownPush("refs/heads/release", before, head), "merge-push-2");
    expect(dispatched("smoke.yml")).toEqual([expect.objectContaining({ ref: "release", inputs: expect.objectContaining({ sha: head }) })]);

    repo.refs.set(`tags/test-${TODAY}-1`, head);
    await app.receive("push", ownPush(`refs/tags/test-${TODAY}-1`, "0".repeat(40), head), "tag-push-1");
    await app.receive("push", ownPush(`refs/tags/test-${TODAY}-1`, "0".repeat(40), head), "tag-push-2");
    expect(dispatched("dc.yml")).toEqual([expect.objectContaining({ ref: `test-${TODAY}-1`, inputs: expect.objectContaining({ sha: head }) })]);
    expect(repo.checkRuns.filter((r: any) => r.name === "signalbox/dctest")).toHaveLength(1);
  });

  it("still drops its own comments and completed check runs", async () => {
    configure("pipelines:\n  unit:\n    on: pull_request\n    jobs:\n      test: { workflow: unit.yml }\n");
    const comment = buildWebhook("issue_comment", "created", {
      repo: repoRef,
      patch: (p: any) => {
        p.comment = { ...p.comment, id: 61, body: "/test unit" };
        p.issue = { ...p.issue, number: 1, pull_request: { url: "x" } };
        asApp(p);
      },
    });
    const check = buildWebhook("check_run", "completed", {
      repo: repoRef,
      patch: (p: any) => {
        Object.assign(p.check_run, { name: "signalbox/unit", head_sha: repo.sha("main"), status: "completed", conclusion: "failure" });
        asApp(p);
      },
    });
    await app.receive("issue_comment", comment, "own-comment");
    await app.receive("check_run", check, "own-check");
    expect(await journalOf("own-comment")).toEqual({ state: "ignored", detail: "issue_comment: caused by signalbox itself" });
    expect(await journalOf("own-check")).toEqual({ state: "ignored", detail: "check_run: caused by signalbox itself" });
    expect(repo.dispatches).toEqual([]);
  });

  describe("with the release train", () => {
    async function mergePr(file: string) {
      const before = repo.sha("main");
      repo.branch(`pr-${file}`);
      repo.commit(`pr-${file}`, { files: { [file]: file } });
      const pull = repo.addPull({ head: `pr-${file}`, title: `Add ${file}`, user: "author" });
      const after = repo.mergePull(pull.number);
      await app.receive("push", mergePushPayload(repoRef, before, after, [file]));
    }

    it("runs the package pipeline once for the release tag it made, though the tag's push arrives twice", async () => {
      configure(`pipelines:
  package:
    on: { tag: "release-*" }
    jobs:
      deb: { workflow: package.yml }
train:
  branch: release
`);
      await mergePr("a.txt");
      const head = repo.sha("release");
      await app.receive("check_run", buttonPayload(repoRef, "signalbox/train", "train-release", head));
      expect(repo.releases).toEqual([expect.objectContaining({ tag_name: `release-${TODAY}-1`, draft: true })]);
      expect(dispatched("package.yml")).toHaveLength(1);

      await app.receive("push", ownPush(`refs/tags/release-${TODAY}-1`, "0".repeat(40), head), "release-tag-1");
      await app.receive("push", ownPush(`refs/tags/release-${TODAY}-1`, "0".repeat(40), head), "release-tag-2");
      expect(dispatched("package.yml")).toHaveLength(1);
      expect(repo.releases).toHaveLength(1);
    });

    it("runs the package pipeline once for a release tag a maintainer pushed, and tells the train its result", async () => {
      configure(`pipelines:
  package:
    on: { tag: "release-*" }
    jobs:
      deb: { workflow: package.yml }
train:
  branch: release
`);
      await mergePr("a.txt");
      const head = repo.sha("release");
      repo.refs.set(`tags/release-${TODAY}-1`, head);
      const pushed = ownPush(`refs/tags/release-${TODAY}-1`, "0".repeat(40), head);
      pushed.sender = { ...pushed.sender, login: "maintainer", type: "User" };
      await app.receive("push", pushed);
      expect(repo.releases).toEqual([expect.objectContaining({ tag_name: `release-${TODAY}-1`, draft: true })]);
      expect(dispatched("package.yml")).toHaveLength(1);

      const done = buildWebhook("workflow_run", "completed", {
        repo: repoRef,
        patch: (p: any) => {
          Object.assign(p.workflow_run, { id: dispatched("package.yml")[0].run_id, path: ".github/workflows/package.yml", head_sha: head, status: "completed", conclusion: "success" });
          asApp(p); // the workflow run signalbox dispatched
        },
      });
      await app.receive("workflow_run", done);
      // The one run is the train's: its result reaches the train as the package result.
      const told = await app.store.db.selectFrom("journal").select(["payload"]).where("name", "=", "signalbox.event").execute();
      const events = told.map((row: any) => (typeof row.payload === "string" ? JSON.parse(row.payload) : row.payload).events).flat();
      expect(events).toEqual([expect.objectContaining({ kind: "packageResult", tag: `release-${TODAY}-1`, sha: head, passed: true })]);
    });

    it("runs the gate pipeline once on the release head it merged, though the merge's push arrives", async () => {
      configure(`pipelines:
  release:
    on: { push: release }
    jobs:
      dc: { workflow: dc.yml }
train:
  branch: release
  gate: release
`);
      const before = "0".repeat(40); // the train creates the branch
      await mergePr("a.txt");
      const head = repo.sha("release");
      expect(dispatched("dc.yml")).toHaveLength(1);
      await app.receive("push", ownPush("refs/heads/release", before, head), "train-merge-push");
      expect(dispatched("dc.yml")).toHaveLength(1);
      expect(repo.checkRuns.filter((r: any) => r.name === "signalbox/release")).toHaveLength(1);
    });
  });
});
