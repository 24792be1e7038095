import { FakeGitHub } from "../fakes/fake-github.js";
import { installationOctokit, statusOf, TestOctokit, type TestOctokitInstance } from "./octokit.js";

const owner = "octo-org";
const repo = "app";

describe("fake GitHub faults", () => {
  const fake = new FakeGitHub();
  let octokit: TestOctokitInstance;
  beforeAll(async () => {
    await fake.start();
    octokit = installationOctokit(fake, 42);
  });
  afterAll(() => fake.stop());
  beforeEach(() => {
    fake.reset();
    fake.addRepo({ owner, repo, installationId: 42 });
  });
  afterEach(() => fake.assertNoViolations());
  const createTag = (name: string) =>
    octokit.rest.git.createRef({ owner, repo, ref: `refs/tags/${name}`, sha: fake.repo(owner, repo).sha("main") });

  it("answers an injected 500 once, without applying the write", async () => {
    fake.faults.inject({ method: "POST", path: /\/git\/refs$/, kind: "status", status: 500 });
    expect(await statusOf(createTag("test-1"))).toBe(500);
    expect(fake.repo(owner, repo).tags).toEqual([]);
    expect(await statusOf(createTag("test-1"))).toBe(201);
  });

  it("applies the write and then answers 502 with afterApply", async () => {
    fake.faults.inject({ path: `/repos/${owner}/${repo}/git/refs`, kind: "status", status: 502, afterApply: true });
    expect(await statusOf(createTag("test-2"))).toBe(502);
    expect(fake.repo(owner, repo).tags.map((t) => t.name)).toEqual(["test-2"]);
    expect(await statusOf(createTag("test-2"))).toBe(422);
  });

  it("answers a secondary rate limit with retry-after", async () => {
    fake.faults.inject({ method: "GET", path: /^\/repos\/[^/]+\/[^/]+$/, kind: "rateLimit", retryAfter: 7, times: 2 });
    const error = await octokit.rest.repos.get({ owner, repo }).catch((e: { status: number; response: { headers: Record<string, string>; data: { message: string } } }) => e);
    expect(error).toMatchObject({ status: 403, response: { headers: { "retry-after": "7" }, data: { message: expect.stringMatching(/secondary rate limit/) } } });
    expect(await statusOf(octokit.rest.repos.get({ owner, repo }))).toBe(403);
    expect(await statusOf(octokit.rest.repos.get({ owner, repo }))).toBe(200);
  });

  it("answers a spent primary rate limit with x-ratelimit-reset by its own clock", async () => {
    fake.now = () => new Date("2026-11-22T10:00:00Z");
    try {
      fake.faults.inject({ method: "GET", path: /^\/repos\/[^/]+\/[^/]+$/, kind: "rateLimitReset", retryAfter: 90 });
      const error = await octokit.rest.repos.get({ owner, repo }).catch((e: { status: number; response: { headers: Record<string, string> } }) => e);
      const reset = Date.parse("2026-11-22T10:00:00Z") / 1000 + 90;
      expect(error).toMatchObject({ status: 403, response: { headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) } } });
      expect(fake.calls.at(-1)).toMatchObject({ at: Date.parse("2026-11-22T10:00:00Z"), fault: { kind: "rateLimitReset" } });
    } finally {
      fake.now = () => new Date();
    }
  });

  it("never answers a timed-out request (the write applied with afterApply)", async () => {
    fake.faults.inject({ method: "POST", path: /\/git\/refs$/, kind: "timeout", afterApply: true });
    const hurried = new TestOctokit({
      baseUrl: fake.url,
      auth: { appId: fake.appId, privateKey: fake.privateKey, installationId: 42 },
      request: { signal: AbortSignal.timeout(300) },
    });
    await hurried.rest.repos.get({ owner, repo }); // fetches its token first
    const outcome = await hurried.rest.git.createRef({ owner, repo, ref: "refs/tags/test-3", sha: fake.repo(owner, repo).sha("main") }).catch((e: Error) => e);
    expect(outcome).toBeInstanceOf(Error);
    expect(fake.repo(owner, repo).tags.map((t) => t.name)).toEqual(["test-3"]);
    expect(fake.calls.at(-1)).toMatchObject({ method: "POST", status: 0 });
  });

  it("fails a seeded share of calls at random, the same way each run", async () => {
    const run = async () => {
      fake.faults.clear();
      fake.faults.random({ rate: 0.5, kinds: ["status"], seed: 7, method: "GET", afterApply: false });
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) statuses.push(await statusOf(octokit.rest.repos.get({ owner, repo })));
      return statuses;
    };
    const first = await run();
    expect(first).toContain(502);
    expect(first).toContain(200);
    expect(await run()).toEqual(first);
  });
});
