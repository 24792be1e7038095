/**
 * Octokit's throttling with signalbox's handlers (as `npm start` runs it), against the fake
 * GitHub: a short rate limit is waited out in process; a long one fails at once with GitHub's
 * reset, so the worker can hand the entry back to the journal instead of holding a slot for an hour.
 */
import { ProbotOctokit } from "probot";
import { retryDelayMs } from "../../src/app/retry-policy.js";
import { MAX_IN_PROCESS_WAIT_SECONDS, retryInProcess, withRateLimitHandlers } from "../../src/effects/rate-limit-handlers.js";
import { FakeGitHub } from "../fakes/fake-github.js";

const owner = "octo-org";
const repo = "limited";
const ThrottledOctokit = ProbotOctokit.defaults((options: { throttle?: object }) => withRateLimitHandlers({ ...options, retry: { enabled: false } }));

describe("rate limits under Octokit's throttling", () => {
  const fake = new FakeGitHub();
  const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
  const octokit = () => new ThrottledOctokit({ baseUrl: fake.url, log: quiet, auth: { appId: fake.appId, privateKey: fake.privateKey, installationId: 61 } });

  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  beforeEach(() => {
    fake.reset();
    fake.addRepo({ owner, repo, installationId: 61 });
  });
  afterEach(() => fake.assertNoViolations());

  it("waits out a short primary limit in process and then gets its answer", async () => {
    const client = octokit();
    await client.rest.repos.getBranch({ owner, repo, branch: "main" }); // the token first: its JWT takes a moment
    fake.faults.inject({ kind: "rateLimit", primary: true, path: `/repos/${owner}/${repo}`, until: Date.now() + 1500 });
    const { data } = await client.rest.repos.get({ owner, repo });
    expect(data.name).toBe(repo);
    expect(fake.calls.filter((c) => c.path === `/repos/${owner}/${repo}`).map((c) => c.status)).toEqual([403, 200]);
  });

  it("fails at once under a long limit, with a retry delay that reaches GitHub's reset", async () => {
    const until = Date.now() + 30 * 60_000;
    fake.faults.inject({ kind: "rateLimit", primary: true, path: `/repos/${owner}/${repo}`, until });
    const started = Date.now();
    const error = await octokit().rest.repos.get({ owner, repo }).then(() => null, (e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(error).toMatchObject({ status: 403 });
    const delay = retryDelayMs(error, 0, Date.now());
    expect(delay).toBeGreaterThanOrEqual(until - Date.now() - 1000);
  });

  it.each([
    [1, 0, true],
    [MAX_IN_PROCESS_WAIT_SECONDS, 0, true],
    [MAX_IN_PROCESS_WAIT_SECONDS + 1, 0, false],
    [1, 1, false],
  ])("retries in process after %is on retry %i: %s", (retryAfter, retryCount, expected) => {
    const warnings: string[] = [];
    expect(retryInProcess(retryAfter, { method: "GET", url: "/x" }, { log: { warn: (m) => warnings.push(m) } }, retryCount)).toBe(expected);
    expect(warnings).toHaveLength(1);
  });
});
