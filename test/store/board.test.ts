/** Every BoardStore method, on SQLite and (with TEST_DATABASE_URL) PostgreSQL. */
import { storeEngines } from "./engines.js";
import { projectNameOf } from "../../src/store/board-projects.js";
import type { BuildReport } from "../../src/store/board-store.js";
import type { Store } from "../../src/store/store.js";

const lanes = await storeEngines("board");
const sha = (c: string) => c.repeat(40);
const at = (minutes: number) => new Date(Date.UTC(2024, 0, 1, 12, minutes));
const report = (over: Partial<BuildReport> = {}): BuildReport => ({
  repository: "git@example.com:user/foo.git",
  revision: sha("1"),
  name: "foo_tests",
  status: "building",
  statusUrl: null,
  ...over,
});

it.each([
  ["git@github.com:org/repo.git", "repo"],
  ["https://github.com/org/repo", "repo"],
  ["https://github.com/org/repo/", "repo"],
  ["https://github.com/org/repo.git/", "repo"],
  ["git@example.com:repo.git", "repo"],
  ["repository-url", "repository-url"],
  ["org/foo.bar.git", "foo.bar"],
])("names the project of %s %s", (repository, name) => {
  expect(projectNameOf(repository)).toBe(name);
});

describe.each(lanes)("board store on $engine", (lane) => {
  let store: Store;
  beforeAll(async () => (store = await lane.open()));
  afterAll(() => lane.cleanup());

  it("creates a project by repository and updates a build in place", async () => {
    const first = await store.board.reportBuild(report({ repository: "git@x:a/one.git" }), at(0));
    expect(first.project).toMatchObject({ name: "one", repository: "git@x:a/one.git", position: 0, mappings: [] });
    const again = await store.board.reportBuild(report({ repository: "git@x:a/one.git", status: "successful", statusUrl: "https://ci/1" }), at(5));
    expect(again.project.id).toBe(first.project.id);
    const [revision] = await store.board.latestRevisions(first.project.id, 10);
    expect(revision!.builds).toEqual([
      { name: "foo_tests", status: "successful", statusUrl: "https://ci/1", createdAt: at(0), updatedAt: at(5) },
    ]);
    expect(await store.board.findProjectByRepository("git@x:a/one.git")).toEqual(first.project);
  });

  it("keeps updatedAt when the same status is reported again", async () => {
    const repository = "git@x:a/same.git";
    await store.board.reportBuild(report({ repository }), at(0));
    await store.board.reportBuild(report({ repository }), at(30));
    const { project } = await store.board.reportBuild(report({ repository, name: "other" }), at(31));
    const [revision] = await store.board.latestRevisions(project.id, 1);
    expect(revision!.builds.map((b) => [b.name, b.updatedAt])).toEqual([["foo_tests", at(0)], ["other", at(31)]]);
  });

  it("lists revisions newest first and prunes the oldest", async () => {
    const repository = "git@x:a/prune.git";
    for (const [i, c] of ["a", "b", "c", "d"].entries()) await store.board.reportBuild(report({ repository, revision: sha(c) }), at(i));
    const project = (await store.board.findProject("prune"))!;
    expect((await store.board.latestRevisions(project.id, 3)).map((r) => r.hash[0])).toEqual(["d", "c", "b"]);
    expect(await store.board.pruneRevisions(project.id, 2)).toBe(2);
    expect(await store.board.pruneRevisions(project.id, 2)).toBe(0);
    expect((await store.board.latestRevisions(project.id, 10)).map((r) => r.hash[0])).toEqual(["d", "c"]);
    // a revision reported again keeps its place
    await store.board.reportBuild(report({ repository, revision: sha("c"), name: "deploy" }), at(9));
    expect((await store.board.latestRevisions(project.id, 10)).map((r) => r.hash[0])).toEqual(["d", "c"]);
  });

  it("reads every project's newest revisions at once, with their builds", async () => {
    for (const [i, c] of ["a", "b", "c"].entries()) await store.board.reportBuild(report({ repository: "git@x:a/one.git", revision: sha(c) }), at(i));
    await store.board.reportBuild(report({ repository: "git@x:a/two.git", revision: sha("e"), name: "lint", status: "failed" }), at(5));
    const one = (await store.board.findProject("one"))!;
    const two = (await store.board.findProject("two"))!;
    const all = await store.board.latestRevisionsOfAll(2);
    expect(all.get(one.id)!.map((r) => r.hash[0])).toEqual(["c", "b"]);
    expect(all.get(one.id)).toEqual(await store.board.latestRevisions(one.id, 2));
    expect(all.get(two.id)![0]!.builds).toEqual([expect.objectContaining({ name: "lint", status: "failed" })]);
  });

  it("orders projects by position then name, stores mappings, deletes by name", async () => {
    const { project: zed } = await store.board.reportBuild(report({ repository: "git@x:a/zed.git" }), at(0));
    await store.board.setMappings(zed.id, ["foo_tests=tests", "foo_deploy=deploy"], -1);
    const names = (await store.board.listProjects()).map((p) => p.name);
    expect(names[0]).toBe("zed");
    expect(names.slice(1)).toEqual([...names.slice(1)].sort());
    expect((await store.board.findProject("zed"))!.mappings).toEqual(["foo_tests=tests", "foo_deploy=deploy"]);
    expect(await store.board.deleteProject("zed")).toBe(true);
    expect(await store.board.deleteProject("zed")).toBe(false);
    expect(await store.board.findProject("zed")).toBeUndefined();
    expect(await store.board.latestRevisions(zed.id, 10)).toEqual([]);
  });

  it("runs the lock sequence: holder, refusal, foreign unlock, release, expiry, renewal", async () => {
    const ttl = 30 * 60_000;
    const req = (revision: string) => ({ repository: "git@x:a/lock.git", name: "deploy", revision });
    expect(await store.board.lock(req("A"), at(0), ttl)).toEqual({ lockedByRevision: "A", held: true });
    expect(await store.board.lock(req("B"), at(1), ttl)).toEqual({ lockedByRevision: "A", held: false });
    expect(await store.board.unlock(req("B"), at(2))).toEqual({ lockedByRevision: "A", held: false });
    expect(await store.board.unlock(req("A"), at(3))).toEqual({ lockedByRevision: null, held: false });
    expect(await store.board.lock(req("B"), at(4), ttl)).toEqual({ lockedByRevision: "B", held: true });
    // B's lock expires at 34; A's calls at 20 do not extend it
    expect((await store.board.lock(req("A"), at(20), ttl)).lockedByRevision).toBe("B");
    expect((await store.board.lock(req("A"), at(34), ttl)).lockedByRevision).toBe("A");
    // A renews at 50 (to 80), so B is still refused at 70
    expect((await store.board.lock(req("A"), at(50), ttl)).held).toBe(true);
    expect((await store.board.lock(req("B"), at(70), ttl)).lockedByRevision).toBe("A");
    expect((await store.board.lock(req("B"), at(80), ttl)).lockedByRevision).toBe("B");
    // another build name or repository is another lock
    expect((await store.board.lock({ ...req("C"), name: "other" }, at(80), ttl)).held).toBe(true);
  });

  it("publishes board changes to subscribers of the same store", async () => {
    const seen: unknown[] = [];
    const off = store.boardFeed.subscribe((change) => seen.push(change));
    await store.boardFeed.publish({ projectName: "foo", removed: false });
    off();
    await store.boardFeed.publish({ projectName: "bar", removed: true });
    expect(seen).toEqual([{ projectName: "foo", removed: false }]);
  });

  it("coalesces outbox items per key and keeps a newer state sent during a send", async () => {
    const outbox = store.boardOutbox;
    await outbox.put("project-webhook", "k1", { v: 1 }, at(0));
    await outbox.put("project-webhook", "k1", { v: 2 }, at(0));
    const item = (await outbox.claim("w1", 60_000, at(1)))!;
    expect(item).toMatchObject({ key: "k1", payload: { v: 2 } });
    expect(await outbox.claim("w2", 60_000, at(1))).toBeUndefined();
    await outbox.put("project-webhook", "k1", { v: 3 }, at(1));
    await outbox.complete(item, "w1");
    const next = (await outbox.claim("w2", 60_000, at(2)))!;
    expect(next.payload).toEqual({ v: 3 });
    await outbox.fail(next, "w2", "boom", at(5));
    expect(await outbox.claim("w2", 60_000, at(4))).toBeUndefined();
    expect((await outbox.nextDue())!.getTime()).toBe(at(5).getTime());
    const retried = (await outbox.claim("w2", 60_000, at(5)))!;
    expect(retried).toMatchObject({ attempts: 1, lastError: "boom" });
    await outbox.complete(retried, "w2");
    expect(await outbox.list()).toEqual([]);
  });
});

describe.each(lanes)("board across processes on $engine", (lane) => {
  afterAll(() => lane.cleanup());

  it("gives a lock to exactly one of many concurrent callers, and agrees on the holder", async () => {
    const stores = await Promise.all([lane.open(), lane.open()]);
    for (let round = 0; round < 20; round++) {
      const req = (revision: string) => ({ repository: "repo", name: `deploy-${round}`, revision });
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) => stores[i % 2]!.board.lock(req(`rev-${i}`), new Date(), 30 * 60_000)),
      );
      const holders = answers.filter((a) => a.held);
      expect(holders).toHaveLength(1);
      expect(new Set(answers.map((a) => a.lockedByRevision)).size).toBe(1);
    }
  });

  // Stores in one process on one SQLite file share no feed: only PostgreSQL carries changes across,
  // so this test exists on the PostgreSQL lane only.
  const onPostgres = lane.engine === "postgres" ? it : () => undefined;
  onPostgres("carries board changes to another process's subscribers, once", async () => {
    const [a, b] = await Promise.all([lane.open(), lane.open()]);
    const seenA: unknown[] = [];
    const seenB: unknown[] = [];
    a.boardFeed.subscribe((c) => seenA.push(c));
    b.boardFeed.subscribe((c) => seenB.push(c));
    await Promise.all([a.boardFeed.listening(), b.boardFeed.listening()]);
    await a.boardFeed.publish({ projectName: "foo", removed: false });
    for (let i = 0; i < 100 && seenB.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 100));
    expect(seenB).toEqual([{ projectName: "foo", removed: false }]);
    expect(seenA).toEqual([{ projectName: "foo", removed: false }]);
  });
});
