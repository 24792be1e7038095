/**
 * The fake GitHub's conditional requests, as GitHub answers them: every successful GET carries an
 * ETag; the same GET with a matching If-None-Match is answered 304 with no body (not counted against
 * the rate limit); a changed resource gets a new ETag. And the primary rate limit it can hold.
 */
import { ConditionalCache, withConditionalRequests } from "../../src/effects/conditional-requests.js";
import { FakeGitHub } from "../fakes/fake-github.js";
import { installationOctokit, statusOf, type TestOctokitInstance } from "./octokit.js";

const owner = "octo-org";
const repo = "app";
const path = ".github/signalbox.yml";

describe("conditional requests to the fake GitHub", () => {
  const fake = new FakeGitHub();
  let octokit: TestOctokitInstance;
  beforeAll(async () => {
    await fake.start();
    octokit = installationOctokit(fake, 43);
  });
  afterAll(() => fake.stop());
  beforeEach(() => {
    fake.reset();
    fake.addRepo({ owner, repo, installationId: 43 }).commit("main", { files: { [path]: "train: {}\n" } });
  });
  afterEach(() => fake.assertNoViolations());

  const readRaw = (etag?: string) =>
    octokit.rest.repos.getContent({ owner, repo, path, mediaType: { format: "raw" }, headers: etag ? { "if-none-match": etag } : {} });

  it("answers a matching If-None-Match with 304 and a changed file with 200 and a new ETag", async () => {
    const first = await readRaw();
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^W\/"[0-9a-f]{32}"$/);
    expect(await statusOf(readRaw(etag))).toBe(304);
    fake.repo(owner, repo).commit("main", { files: { [path]: "train: { branch: rel }\n" } });
    const changed = await readRaw(etag);
    expect(changed.status).toBe(200);
    expect(String(changed.data)).toContain("branch: rel");
    expect(changed.headers.etag).not.toBe(etag);
    expect(fake.calls.map((c) => c.status)).toEqual([201, 200, 304, 200]);
  });

  it("serves an unchanged re-read from the cache through a 304, and a changed one from GitHub", async () => {
    const cache = new ConditionalCache();
    const conditional = withConditionalRequests(installationOctokit(fake, 43), cache, "installation:43");
    const read = async () => String((await conditional.rest.repos.getContent({ owner, repo, path, mediaType: { format: "raw" } })).data);
    expect(await read()).toBe("train: {}\n");
    expect(await read()).toBe("train: {}\n");
    expect(cache.notModified).toBe(1);
    fake.repo(owner, repo).commit("main", { files: { [path]: "train: { branch: rel }\n" } });
    expect(await read()).toBe("train: { branch: rel }\n");
    expect(fake.calls.filter((c) => c.path.endsWith(path)).map((c) => c.status)).toEqual([200, 304, 200]);
  });

  it("hands out copies: a caller changing its answer does not change the next one", async () => {
    const conditional = withConditionalRequests(installationOctokit(fake, 43), new ConditionalCache(), "installation:43");
    const first = await conditional.rest.repos.get({ owner, repo });
    first.data.name = "changed by a caller";
    const second = await conditional.rest.repos.get({ owner, repo });
    expect(second.status).toBe(200);
    expect(second.data.name).toBe(repo);
  });

  it("keeps the cache within its size by dropping the least recently used answers", () => {
    const cache = new ConditionalCache(150); // room for two of these answers, not three
    const answer = (text: string) => ({ status: 200, url: "u", headers: {}, data: text });
    cache.set("a", "etag-a", answer("a".repeat(60)));
    cache.set("b", "etag-b", answer("b".repeat(60)));
    expect(cache.get("a")?.etag).toBe("etag-a"); // used: now the most recent
    cache.set("c", "etag-c", answer("c".repeat(60)));
    expect([cache.get("a")?.etag, cache.get("b")?.etag, cache.get("c")?.etag]).toEqual(["etag-a", undefined, "etag-c"]);
    cache.set("huge", "etag-h", answer("h".repeat(600 * 1024)));
    expect(cache.get("huge")).toBeUndefined();
    expect(cache.get("a")?.etag).toBe("etag-a");
  });

  it("holds a primary rate limit until its reset: 403, no budget left, and when it comes back", async () => {
    const until = Date.now() + 60_000;
    fake.faults.inject({ kind: "rateLimit", primary: true, path: /^\/repos\//, until });
    const error = (await octokit.rest.repos.get({ owner, repo }).then(
      () => ({ status: 200, response: { headers: {} as Record<string, string> } }),
      (e: { status: number; response: { headers: Record<string, string> } }) => e,
    ));
    expect(error).toMatchObject({ status: 403, response: { headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(Math.ceil(until / 1000)) } } });
    expect(error.response.headers["retry-after"]).toBeUndefined();
    expect(await statusOf(octokit.rest.repos.get({ owner, repo }))).toBe(403);
  });
});
