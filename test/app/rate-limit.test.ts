/**
 * A spent rate limit, through Probot against the fake GitHub: while GitHub answers every call
 * with a primary rate limit, deliveries are journaled and wait; once the reset passes they all
 * finish, each repository's in the order they arrived, and nothing is done twice.
 */
import { FakeGitHub } from "../fakes/fake-github.js";
import { mergePushPayload } from "../support/payloads.js";
import { createTestApp, type TestApp } from "../support/test-app.js";

const installationId = 52;
const refA = { owner: "octo-org", repo: "alpha", installationId };
const refB = { owner: "octo-org", repo: "beta", installationId };
/** How long the budget stays spent; the test moves the clock past it rather than waiting. */
const LIMIT_MS = 10 * 60_000;

describe.each([403, 429])("under a primary rate limit (%i)", (status) => {
  const fake = new FakeGitHub();
  const realNow = Date.now;
  let skewMs = 0;
  let app: TestApp;

  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  beforeEach(async () => {
    fake.reset();
    skewMs = 0;
    // One clock for the fake GitHub (its reset), the app (its retries) and the token cache.
    Date.now = () => realNow() + skewMs;
    app = await createTestApp(fake, { now: () => new Date(Date.now()) });
  });
  afterEach(async () => {
    await app.close();
    Date.now = realNow;
    fake.assertNoViolations();
  });

  function trainRepo(ref: typeof refA) {
    const repo = fake.addRepo({ ...ref, defaultBranch: "main" });
    repo.commit("main", { files: { ".github/signalbox.yml": "train:\n  branch: release\n" } });
    repo.branch("release");
    return repo;
  }

  /** A PR merged on GitHub; returns the push it causes. */
  function mergePr(repo: ReturnType<typeof trainRepo>, ref: typeof refA, file: string) {
    const before = repo.sha("main");
    repo.branch(`pr-${file}`);
    repo.commit(`pr-${file}`, { files: { [file]: file } });
    const pull = repo.addPull({ head: `pr-${file}`, title: `Add ${file}`, user: "author" });
    const after = repo.mergePull(Number(pull.number));
    return { payload: mergePushPayload(ref, before, after, [file]), after };
  }

  async function journalStates(): Promise<string[]> {
    const rows = await app.store.db.selectFrom("journal").select(["state"]).orderBy("seq").execute();
    return rows.map((row) => row.state);
  }

  /** Kicks the worker until nothing is left to do, as its poll would. */
  async function untilSettled(rounds: number): Promise<void> {
    for (let round = 0; round < rounds && (await journalStates()).some((state) => state === "pending" || state === "in_flight"); round++) {
      await app.signalbox.worker!.drain();
    }
  }

  it("queues every delivery, then finishes them all in order once the reset passes", async () => {
    const alpha = trainRepo(refA);
    const beta = trainRepo(refB);
    const first = mergePr(alpha, refA, "one.txt");
    const second = mergePr(alpha, refA, "two.txt");
    const other = mergePr(beta, refB, "three.txt");
    const resetAt = Date.now() + LIMIT_MS;
    fake.faults.inject({ kind: "rateLimit", primary: true, status, path: /^\/repos\//, until: resetAt });

    await app.receive("push", first.payload);
    await app.receive("push", other.payload);
    await app.receive("push", second.payload);
    expect(await journalStates()).toEqual(["pending", "pending", "pending"]);
    expect(fake.calls.filter((c) => c.status === status)).toHaveLength(2); // alpha's second push waits behind its first

    skewMs = LIMIT_MS / 2; // still limited: the retries are not due yet
    await untilSettled(3);
    expect(await journalStates()).toEqual(["pending", "pending", "pending"]);
    expect(alpha.tags).toEqual([]);

    skewMs = LIMIT_MS + 2000; // the reset has passed
    await untilSettled(5);
    expect(Date.now()).toBeGreaterThan(resetAt);
    expect(await journalStates()).toEqual(["done", "done", "done"]);
    // alpha's pushes were taken in the order they arrived: the first tag holds only the first PR.
    const [one, two] = [...alpha.tags].sort((x, y) => x.name.localeCompare(y.name));
    expect(alpha.file(one!.sha, "one.txt")).toBe("one.txt");
    expect(alpha.file(one!.sha, "two.txt")).toBeUndefined();
    expect(alpha.file(two!.sha, "two.txt")).toBe("two.txt");
    expect(alpha.tags).toHaveLength(2);
    expect(beta.tags).toHaveLength(1);
    expect(beta.file(beta.tags[0]!.sha, "three.txt")).toBe("three.txt");
    // Nothing was done twice: one merge and one train check run per release head.
    const merges = fake.calls.filter((c) => c.method === "POST" && c.path.endsWith("/merges") && c.status === 201);
    expect(merges).toHaveLength(3);
    expect(alpha.checkRuns.filter((r: any) => r.name === "signalbox/train")).toHaveLength(2);
  });

  it("resumes an entry the limit stopped half-way without repeating what it had done", async () => {
    const alpha = trainRepo(refA);
    const push = mergePr(alpha, refA, "one.txt");
    fake.faults.inject({ kind: "rateLimit", primary: true, status, method: "POST", path: /\/git\/refs$/, until: Date.now() + LIMIT_MS });

    await app.receive("push", push.payload);
    expect(await journalStates()).toEqual(["pending"]);
    expect(alpha.sha("release")).not.toBe(alpha.sha("main")); // merged already, not yet tagged
    expect(alpha.tags).toEqual([]);

    skewMs = LIMIT_MS + 2000;
    await untilSettled(5);
    expect(await journalStates()).toEqual(["done"]);
    expect(fake.calls.filter((c) => c.method === "POST" && c.path.endsWith("/merges"))).toHaveLength(1);
    expect(alpha.tags).toEqual([{ name: expect.stringMatching(/^test-/), sha: alpha.sha("release") }]);
  });
});
