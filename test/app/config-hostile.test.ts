/**
 * Bad config files pushed to the default branch, through Probot against the fake GitHub: each
 * fails the signalbox/config check naming the problem, the previous good config keeps driving
 * pipelines, and with no good config before it nothing runs (no fallback to defaults that act).
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { FakeGitHub, type FakeRepo } from "../fakes/fake-github.js";
import { buildWebhook } from "../fakes/webhooks.js";
import { createTestApp, type TestApp } from "../support/test-app.js";
import { seedRepoWithPull, pullRequestWebhook } from "../support/seed-repo.js";

const repoRef = { owner: "octo-org", repo: "configured", installationId: 31 };
const GOOD = `pipelines:
  e2e:
    on: { label: run-e2e }
    jobs:
      build: { workflow: build.yml }
`;

/** Each bad file, and what the check run's summary must say about it. */
const BAD: Array<[string, string, RegExp[]]> = [
  ["invalid YAML", "pipelines:\n  e2e: [\n    on: oops\n", [/YAML syntax error/, /\| \d+ \|/]],
  ["an unknown key", `${GOOD}notifications: { slack: "#ci" }\n`, [/\| 6 \| `notifications` \|/, /unknown key/]],
  ["a wrong type", "pipelines:\n  e2e:\n    on: { label: run-e2e }\n    jobs:\n      build: { workflow: 42 }\n", [/\| 5 \| `pipelines\.e2e\.jobs\.build\.workflow` \|/]],
  [
    "a cycle in needs",
    "pipelines:\n  e2e:\n    on: { label: run-e2e }\n    jobs:\n      a: { workflow: a.yml, needs: [b] }\n      b: { workflow: b.yml, needs: [a] }\n",
    [/\| 5 \| `pipelines\.e2e\.jobs\.a\.needs\[0\]` \| needs form a cycle: a → b → a \|/],
  ],
  ["a 5 MB file", `${GOOD}# ${"x".repeat(5 * 1024 * 1024)}\n`, [/too large/, /the limit is/]],
  ["700 bad jobs, more rows than a check-run summary holds", manyBadJobs(700), [/\| 6 \| `pipelines\.e2e\.jobs\.j0-x+\.when` \|/, /truncated: GitHub shows at most 65,535 characters/]],
];

/** Each job's error row is about 200 characters, so the summary would run past 65,535. */
function manyBadJobs(count: number): string {
  const jobs = Array.from({ length: count }, (_, i) => `      j${i}-${"x".repeat(90)}: { status: ci, when: sometimes }`);
  return `pipelines:\n  e2e:\n    on: { label: run-e2e }\n    jobs:\n      build: { workflow: build.yml }\n${jobs.join("\n")}\n`;
}

describe("hostile config files on the default branch", () => {
  const fake = new FakeGitHub();
  let app: TestApp;
  let repo: FakeRepo;
  let pull: any;

  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  beforeEach(async () => {
    fake.reset();
    app = await createTestApp(fake);
    ({ repo, pull } = seedRepoWithPull(fake, repoRef, null));
  });
  afterEach(async () => {
    await app.close();
    fake.assertNoViolations();
  });

  async function pushConfig(text: string): Promise<any> {
    const before = repo.sha("main");
    const after = repo.commit("main", { files: { ".github/signalbox.yml": text }, message: "Change the signalbox config" });
    const payload = buildWebhook("push", undefined, {
      repo: repoRef,
      patch: (p: any) => {
        Object.assign(p, { ref: "refs/heads/main", before, after, deleted: false, forced: false, created: false });
        p.repository.default_branch = "main";
        p.commits = [{ ...(p.commits?.[0] ?? {}), id: after, added: [], removed: [], modified: [".github/signalbox.yml"] }];
        p.sender = { ...p.sender, login: "maintainer", type: "User" };
      },
    });
    await app.receive("push", payload);
    return repo.checkRuns.find((r: any) => r.head_sha === after && r.name === "signalbox/config");
  }

  async function labelPull(label: string): Promise<void> {
    const payload = pullRequestWebhook("labeled", repoRef, { number: pull.number, headSha: repo.sha("feature"), label });
    await app.receive("pull_request", payload);
  }

  it.each(BAD)("%s fails signalbox/config by name, and the previous good config stays in force", async (_name, text, messages) => {
    expect(await pushConfig(GOOD)).toMatchObject({ conclusion: "success" });
    const check = await pushConfig(text);
    expect(check).toMatchObject({ status: "completed", conclusion: "failure" });
    for (const message of messages) expect(check.output.summary).toMatch(message);
    expect(check.output.summary.length).toBeLessThanOrEqual(65_535);

    await labelPull("run-e2e");
    expect(repo.dispatches.map((d: any) => d.workflow_id)).toEqual(["build.yml"]);
    expect(repo.checkRuns.find((r: any) => r.name === "signalbox/e2e")).toMatchObject({ status: "in_progress" });
  });

  it.each(BAD)("%s with no good config before it: nothing runs", async (_name, text) => {
    expect(await pushConfig(text)).toMatchObject({ conclusion: "failure" });
    await labelPull("run-e2e");
    expect(repo.dispatches).toEqual([]);
    expect(repo.checkRuns.map((r: any) => r.name)).toEqual(["signalbox/config"]);
  });
});

/**
 * A fork's pull request whose head carries a 512 KB config built to be slow to read (tens of
 * thousands of distinct keys: the duplicate-key check used to compare each with every other).
 */
describe("a fork's hostile config on its pull request", () => {
  const fake = new FakeGitHub();
  let app: TestApp;

  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  beforeEach(async () => {
    fake.reset();
    app = await createTestApp(fake);
  });
  afterEach(async () => {
    await app.close();
    fake.assertNoViolations();
  });

  /** Distinct keys in one flow mapping, just under the 512 KiB size limit. */
  function hostileConfig(): string {
    const keys: string[] = [];
    for (let i = 0, size = 2; size < 512 * 1024 - 16; i++) {
      keys.push(`k${i}: 1`);
      size += keys[keys.length - 1]!.length + 1;
    }
    return `{${keys.join(",")}}\n`;
  }

  it("never delays the event loop by more than 100 ms, and the config check names the limit it hit", async () => {
    const { repo, pull } = seedRepoWithPull(fake, repoRef, GOOD);
    const fromFork = (p: any) => (p.pull_request.head.repo = { ...p.repository, full_name: "stranger/configured" });
    // A first pull request warms up what any delivery needs (the fake GitHub loads its OpenAPI
    // description on the first request), so the measurement below is of the hostile file alone.
    await app.receive("pull_request", pullRequestWebhook("opened", repoRef, { number: pull.number, headSha: repo.sha("feature"), sender: "stranger", patch: fromFork }));
    repo.branch("tune", "main");
    const head = repo.commit("tune", { files: { ".github/signalbox.yml": hostileConfig() }, message: "Tune the config" });
    const hostile = repo.addPull({ head: "tune", user: "stranger" });
    const payload = pullRequestWebhook("opened", repoRef, { number: hostile.number, headSha: head, head: "tune", sender: "stranger", patch: fromFork });

    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    await app.receive("pull_request", payload);
    delay.disable();

    expect(delay.max / 1e6).toBeLessThan(100);
    const check = repo.checkRuns.find((r: any) => r.head_sha === head && r.name === "signalbox/config");
    expect(check).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(check?.output.summary).toMatch(/more than 10,000 keys \(the limit is 10,000\)/);
  });
});
