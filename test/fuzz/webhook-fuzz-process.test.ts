/**
 * A slice of the fuzz run against the real `npm start` process: signed, mutated deliveries get
 * only 2xx or 4xx answers, the process stays up and healthy, each delivery is logged at most once
 * (a failed one exactly once, naming it), and no secret reaches its output.
 */
import { join } from "node:path";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { FakeGitHub } from "../fakes/fake-github.js";
import { allWebhookExamples, buildWebhook, deliverWebhook } from "../fakes/webhooks.js";
import { buildApp, startApp, waitFor, type RunningApp } from "../e2e/start-process.js";
import { createStore } from "../../src/store/create-store.js";
import { mutate, seeded } from "./mutate.js";
import { FUZZ_CONFIG, FUZZ_REPO, pointAtFuzzRepo } from "./targets.js";

const CASES = Math.max(30, Math.floor(Number(process.env.FUZZ_CASES ?? 300) / 10));
const SEED = Number(process.env.FUZZ_SEED ?? 20261122) + 1;
const SECRET = "fuzz-process-secret";

describe(`webhook fuzzing against npm start (${CASES} cases, seed ${SEED})`, () => {
  const fake = new FakeGitHub();
  const dataDir = mkdtempSync(join(tmpdir(), "signalbox-fuzz-process-"));
  let app: RunningApp;

  beforeAll(async () => {
    buildApp();
    await fake.start();
    fake.addRepo({ ...FUZZ_REPO, defaultBranch: "main" }).commit("main", { files: { ".github/signalbox.yml": FUZZ_CONFIG } });
    app = await startApp({ APP_ID: String(fake.appId), PRIVATE_KEY: fake.privateKey, WEBHOOK_SECRET: SECRET, GHE_HOST: fake.host, GHE_PROTOCOL: "http", LOG_FORMAT: "json" }, { dataDir });
  }, 120_000);
  afterAll(async () => {
    await app?.stop("SIGKILL");
    await fake.stop();
  });

  it(
    "answers 2xx or 4xx, stays up, logs each delivery at most once and leaks no secret",
    async () => {
      const examples = allWebhookExamples();
      const random = seeded(SEED);
      const answers: number[] = [];
      for (let i = 0; i < CASES; i++) {
        const example = examples[Math.floor(random() * examples.length)]!;
        const payload = mutate(random() < 0.5 ? pointAtFuzzRepo(structuredClone(example.payload)) : example.payload, random);
        answers.push((await deliverWebhook(app.url, { name: example.name, id: `fuzzp-${i}`, payload, secret: SECRET })).status);
      }
      expect(answers.filter((status) => status < 200 || status >= 500)).toEqual([]);
      // One well-formed delivery the app surely acts on (and logs), so the log checks below read something.
      const control = buildWebhook("push", undefined, { repo: FUZZ_REPO, patch: (p) => Object.assign(p, { ref: "refs/heads/main", after: "c".repeat(40) }) });
      expect((await deliverWebhook(app.url, { name: "push", id: "fuzzp-control", payload: control, secret: SECRET })).status).toBe(200);

      const store = await createStore({ dataDir });
      try {
        await waitFor(async () => (await store.journal.pendingCount()) === 0, 60_000, app.output);
        const failed = await store.db.selectFrom("journal").select("id").where("state", "=", "failed").execute();
        // Probot's access log has one line per request (it repeats the delivery header); the
        // app's own lines are the ones that say what became of a delivery.
        const lines = app.output().split("\n").filter((line) => line.startsWith("{"));
        const access = lines.filter((line) => (JSON.parse(line) as { name?: string }).name === "http");
        const own = lines.filter((line) => !access.includes(line));
        const naming = (id: string) => own.filter((line) => line.includes(`"${id}"`));
        const ids = answers.map((_s, i) => `fuzzp-${i}`);
        expect(ids.filter((id) => naming(id).length > 1)).toEqual([]);
        expect(naming("fuzzp-control")).toHaveLength(1);
        expect(failed.filter((row) => naming(row.id).length !== 1).map((row) => row.id)).toEqual([]);
      } finally {
        await store.close();
      }
      expect(app.child.exitCode).toBeNull();
      expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
      const output = app.output();
      expect(output).not.toContain(SECRET);
      expect(output).not.toContain(fake.privateKey.split("\n")[1]!);
      expect(output).not.toMatch(/ghs_[A-Za-z0-9]{8,}/);
    },
    120_000 + CASES * 1000,
  );
});
