/**
 * The worker's stop and give-up paths on a real (SQLite) journal: work that outlasts the grace
 * period is handed back pending, work that finishes in time is simply finished, and an entry
 * failed for good after GitHub kept failing is reported once through `onGiveUp` (a refused request is not).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "../../src/app/worker.js";
import { MAX_ATTEMPTS } from "../../src/app/retry-policy.js";
import { createStore } from "../../src/store/create-store.js";
import type { Store } from "../../src/store/store.js";

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const T0 = new Date("2030-01-01T00:00:00Z");

describe("the worker", () => {
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "signalbox-worker-"));
    store = await createStore({ dataDir: dir });
    await store.journal.record({ id: "d1", name: "push", repoKey: "acme/app", installationId: 1, payload: {}, receivedAt: T0 });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const claimed = async () => {
    for (let i = 0; i < 100 && (await store.journal.get("d1"))?.state !== "in_flight"; i++) await new Promise((r) => setTimeout(r, 10));
  };

  it("hands work that outlasts the grace period back to the journal, pending and unleased", async () => {
    const worker = new Worker({ journal: store.journal, process: () => new Promise(() => undefined), log: silent, now: () => T0 });
    worker.kick();
    await claimed();
    expect(await worker.stop(50)).toBe(1);
    expect(await store.journal.get("d1")).toMatchObject({ state: "pending", claimedBy: null, lastError: expect.stringMatching(/handed back/) });
    expect(await store.journal.claimNext("next-start", 30_000, T0)).toMatchObject({ id: "d1" });
  });

  it("lets work that finishes within the grace period finish", async () => {
    const done = { outcome: "done" as const, detail: "merged" };
    const worker = new Worker({ journal: store.journal, process: () => new Promise((resolve) => setTimeout(() => resolve(done), 100)), log: silent, now: () => T0 });
    worker.kick();
    await claimed();
    expect(await worker.stop(5000)).toBe(0);
    expect(await store.journal.get("d1")).toMatchObject({ state: "done", detail: "merged" });
  });

  it("looks for work once for the deliveries of one moment, and still takes every one", async () => {
    let claims = 0;
    const journal = { ...store.journal, claimNext: (...args: Parameters<Store["journal"]["claimNext"]>) => (claims++, store.journal.claimNext(...args)) };
    const processed: string[] = [];
    const worker = new Worker({ journal, process: async (entry) => (processed.push(entry.id), { outcome: "done", detail: "ok" }), log: silent, now: () => T0 });
    await worker.drain();
    claims = 0;
    for (let i = 0; i < 5; i++) worker.kick(); // an idle worker, five acknowledgements at once
    await new Promise((r) => setTimeout(r, 50));
    expect(claims).toBe(1);
    for (const id of ["d2", "d3", "d4"]) await store.journal.record({ id, name: "push", repoKey: `acme/${id}`, installationId: 1, payload: {}, receivedAt: T0 });
    await worker.drain();
    expect(processed.sort()).toEqual(["d1", "d2", "d3", "d4"]);
  });

  it("reports an entry it gives up on once, with the reason and the attempts", async () => {
    const reports: unknown[] = [];
    let clock = T0;
    const error = Object.assign(new Error("Server Error"), { status: 502, request: { method: "POST", url: "https://api.github.com/repos/acme/app/git/refs" } });
    const worker = new Worker({
      journal: store.journal,
      process: async () => Promise.reject(error),
      log: silent,
      now: () => clock,
      onGiveUp: async (entry, failure) => void reports.push({ id: entry.id, ...failure }),
    });
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      await worker.drain();
      clock = new Date(clock.getTime() + 3600_000);
    }
    const reason = "HTTP 502 on POST /repos/acme/app/git/refs: Server Error";
    expect(await store.journal.get("d1")).toMatchObject({ state: "failed", detail: reason });
    expect(reports).toEqual([{ id: "d1", reason, attempts: MAX_ATTEMPTS }]);
  });

  it("fails a request GitHub refused at once, in the journal only: its check runs are not told GitHub kept failing", async () => {
    const reports: unknown[] = [];
    const refused = Object.assign(new Error("No commit found for SHA"), { status: 422, request: { method: "GET", url: "https://api.github.com/repos/acme/app/commits/c0ffee/check-runs" } });
    const worker = new Worker({ journal: store.journal, process: async () => Promise.reject(refused), log: silent, now: () => T0, onGiveUp: async (entry) => void reports.push(entry.id) });
    await worker.drain();
    expect(await store.journal.get("d1")).toMatchObject({ state: "failed", attempts: 0, detail: expect.stringContaining("HTTP 422") });
    expect(reports).toEqual([]);
  });
});
