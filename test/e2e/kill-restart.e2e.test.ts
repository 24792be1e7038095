/**
 * The process dies mid-cycle: SIGKILL while GitHub hangs on the train's first ref (the release
 * branch, after the merge answered that it is missing). Restarted on the same store, the cycle
 * finishes exactly once: one merge, one branch, one tag.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FakeGitHub } from "../fakes/fake-github.js";
import { deliverWebhook } from "../fakes/webhooks.js";
import { mergePushPayload } from "../support/payloads.js";
import { buildApp, githubAppEnv, startApp, waitFor, type RunningApp } from "./start-process.js";

const SECRET = "kill-secret";
const repoRef = { owner: "octo-org", repo: "phoenix", installationId: 4545 };

describe("killed mid-cycle", () => {
  const fake = new FakeGitHub();
  const dataDir = mkdtempSync(join(tmpdir(), "signalbox-kill-"));
  let app: RunningApp | undefined;
  const env = () => ({
    ...githubAppEnv(fake, SECRET),
    JOURNAL_LEASE_SECONDS: "2",
  });

  beforeAll(async () => {
    buildApp();
    await fake.start();
  }, 120_000);

  afterAll(async () => {
    await app?.stop("SIGKILL");
    await fake.stop();
  });

  it("finishes the cycle exactly once after a SIGKILL between the merge and the branch and tag", async () => {
    const repo = fake.addRepo({ ...repoRef, defaultBranch: "main" });
    repo.commit("main", { files: { ".github/signalbox.yml": "train:\n  branch: release\n" } });
    const before = repo.sha("main");
    repo.branch("feature");
    repo.commit("feature", { files: { "a.txt": "a" } });
    const after = repo.mergePull(repo.addPull({ head: "feature" }).number);
    // GitHub hangs on the tag: the process is killed while it waits.
    fake.faults.inject({ method: "POST", path: /\/git\/refs$/, kind: "timeout", times: 1 });
    app = await startApp(env(), { dataDir });
    const push = mergePushPayload(repoRef, before, after, ["a.txt"]);
    expect((await deliverWebhook(app.url, { name: "push", id: "kill-1", payload: push, secret: SECRET })).status).toBe(200);
    await waitFor(() => fake.calls.some((c) => c.method === "POST" && c.path.endsWith("/git/refs")), 15_000, app.output);
    expect(fake.calls.filter((c) => c.method === "POST" && c.path.endsWith("/merges"))).toHaveLength(1);
    await app.stop("SIGKILL");

    app = await startApp(env(), { dataDir });
    await waitFor(() => repo.tags.length === 1, 20_000, app.output);
    await new Promise((r) => setTimeout(r, 1500));
    expect(repo.tags).toHaveLength(1);
    expect(repo.tags[0]!.sha).toBe(repo.sha("release"));
    // The merge (here: the release branch created, as it was missing) was not repeated: the
    // retried journal entry found its effects recorded.
    expect(fake.calls.filter((c) => c.method === "POST" && c.path.endsWith("/merges"))).toHaveLength(1);
    const created = fake.calls.filter((c) => c.method === "POST" && c.path.endsWith("/git/refs") && c.status === 201);
    expect(created.map((c) => String((c.body as { ref?: string }).ref).split("/")[1])).toEqual(["heads", "tags"]);
  }, 60_000);
});
