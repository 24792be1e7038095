/**
 * SIGTERM while GitHub is slow: the real `npm start` process stops taking deliveries, hands the
 * entry it could not finish back to the journal (pending, not leased), and exits 0 within its
 * grace period. Started again on the same store, it finishes that entry at once, and only once.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createStore } from "../../src/store/create-store.js";
import { FakeGitHub } from "../fakes/fake-github.js";
import { deliverWebhook } from "../fakes/webhooks.js";
import { mergePushPayload } from "../support/payloads.js";
import { buildApp, githubAppEnv, startApp, waitFor, type RunningApp } from "./start-process.js";

const SECRET = "term-secret";
const repoRef = { owner: "octo-org", repo: "lighthouse", installationId: 4646 };

describe("SIGTERM with a delivery in flight", () => {
  const fake = new FakeGitHub();
  const dataDir = mkdtempSync(join(tmpdir(), "signalbox-term-"));
  let app: RunningApp | undefined;
  const env = () => ({
    ...githubAppEnv(fake, SECRET),
    // A lease far longer than the test: only the hand-back lets the restart pick the entry up.
    JOURNAL_LEASE_SECONDS: "120",
    SHUTDOWN_GRACE_SECONDS: "1",
  });

  beforeAll(async () => {
    buildApp();
    await fake.start();
  }, 120_000);

  afterAll(async () => {
    await app?.stop("SIGKILL");
    await fake.stop();
  });

  it("refuses new deliveries, hands back the one in flight, exits 0, and the restart finishes it once", async () => {
    const repo = fake.addRepo({ ...repoRef, defaultBranch: "main" });
    repo.commit("main", { files: { ".github/signalbox.yml": "train:\n  branch: release\n" } });
    repo.branch("release");
    const before = repo.sha("main");
    repo.branch("feature");
    repo.commit("feature", { files: { "a.txt": "a" } });
    const after = repo.mergePull(repo.addPull({ head: "feature" }).number);
    fake.faults.inject({ method: "POST", path: /\/merges$/, kind: "timeout" }); // GitHub is slow
    app = await startApp(env(), { dataDir });
    const push = mergePushPayload(repoRef, before, after, ["a.txt"]);
    expect((await deliverWebhook(app.url, { name: "push", id: "term-1", payload: push, secret: SECRET })).status).toBe(200);
    await waitFor(() => fake.calls.some((c) => c.path.endsWith("/merges") && c.status === 0), 15_000, app.output);

    const started = Date.now();
    const exited = app.stop("SIGTERM");
    await new Promise((r) => setTimeout(r, 300));
    const late = await deliverWebhook(app.url, { name: "push", id: "term-2", payload: push, secret: SECRET }).catch((error: Error) => ({ refused: error.message }));
    expect(late).toEqual({ refused: "fetch failed" }); // the listener is closed: GitHub sees a failed delivery and can redeliver it
    expect(await exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(8000);
    expect(app.output()).toMatch(/handed 1 unfinished journal entry back/);

    const store = await createStore({ dataDir });
    try {
      expect(await store.journal.get("term-1")).toMatchObject({ state: "pending", claimedBy: null, lastError: expect.stringMatching(/handed back/) });
      expect(await store.journal.get("term-2")).toBeUndefined();
    } finally {
      await store.close();
    }

    app = await startApp(env(), { dataDir });
    await waitFor(() => repo.tags.length === 1, 15_000, app.output);
    await new Promise((r) => setTimeout(r, 1000));
    expect(repo.tags).toEqual([expect.objectContaining({ sha: repo.sha("release") })]);
    expect(repo.git.between(repo.sha("main"), repo.sha("release"))).toHaveLength(1);
    expect(fake.calls.filter((c) => c.path.endsWith("/merges") && c.status === 201)).toHaveLength(1);
    fake.assertNoViolations();
  }, 90_000);
});
