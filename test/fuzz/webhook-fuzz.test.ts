/**
 * Mutated webhook payloads through the real webhook endpoint (Probot's middleware with signature
 * checks) and the worker: only 2xx or 4xx answers, every delivery ends in the journal, a payload
 * that breaks processing is logged exactly once with its delivery id, and hostile names never
 * reach GitHub in a ref signalbox writes. Half the cases target a repository the fake knows (with
 * a config), so mutations reach the pipelines, commands and the train rather than a 404.
 * FUZZ_CASES sets the count (`npm run fuzz` runs 10,000); npm test runs a few hundred.
 */
import { createServer, type Server } from "node:http";
import { FakeGitHub } from "../fakes/fake-github.js";
import { allWebhookExamples, deliverWebhook } from "../fakes/webhooks.js";
import { createTestApp, type TestApp } from "../support/test-app.js";
import { captureLogs, levelOf } from "./log-capture.js";
import { mutate, seeded } from "./mutate.js";
import { FUZZ_CONFIG, FUZZ_REPO, pointAtFuzzRepo, unsafeRefsWritten } from "./targets.js";

const CASES = Number(process.env.FUZZ_CASES ?? 300);
const SEED = Number(process.env.FUZZ_SEED ?? 20261122);
const ID = /fuzz-\d+/;
/** The events signalbox acts on; most cases use one of them, so mutations reach the deep paths. */
const HANDLED = new Set(["pull_request", "push", "issue_comment", "check_run", "workflow_run", "workflow_job", "status"]);

describe(`webhook fuzzing (${CASES} cases, seed ${SEED})`, () => {
  const fake = new FakeGitHub();
  const logs = captureLogs();
  let app: TestApp;
  let server: Server;
  let url: string;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  const statuses = new Map<number, number>();

  beforeAll(async () => {
    process.on("unhandledRejection", onUnhandled);
    await fake.start();
    const repo = fake.addRepo({ ...FUZZ_REPO, defaultBranch: "main" });
    repo.commit("main", { files: { ".github/signalbox.yml": FUZZ_CONFIG } });
    repo.setPermission("maintainer", "write");
    app = await createTestApp(fake, { log: logs.logger });
    // Probot's own webhook middleware: signature checks, then the app's handlers.
    const middleware = await app.probot.getNodeMiddleware();
    server = createServer((req, res) => void middleware(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  });

  afterAll(async () => {
    process.off("unhandledRejection", onUnhandled);
    await new Promise((resolve) => server.close(resolve));
    await app.close();
    await fake.stop();
  });

  it(
    "answers every mutated delivery with 2xx or 4xx, and journals it",
    async () => {
      const examples = allWebhookExamples();
      const handled = examples.filter((example) => HANDLED.has(example.name));
      const random = seeded(SEED);
      const failures: string[] = [];
      const started = performance.now();
      const tenths: number[] = [];
      for (let i = 0; i < CASES; i++) {
        const pool = random() < 0.7 ? handled : examples;
        const example = pool[Math.floor(random() * pool.length)]!;
        const target = random() < 0.5 ? pointAtFuzzRepo(structuredClone(example.payload)) : example.payload;
        const payload = mutate(target, random);
        const { status, body } = await deliverWebhook(url, { name: example.name, id: `fuzz-${i}`, payload, secret: "test-secret" });
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status >= 500 || status < 200) failures.push(`case ${i} (${example.name}.${example.action}): ${status} ${String(body).slice(0, 300)}`);
        if ((i + 1) % Math.max(1, Math.floor(CASES / 10)) === 0) tenths.push(performance.now());
      }
      await app.signalbox.worker!.drain();
      const seconds = (performance.now() - started) / 1000;
      expect(failures).toEqual([]);
      expect(await app.store.journal.pendingCount()).toBe(0);
      expect(unhandled).toEqual([]);
      const rate = (from: number, to: number) => (Math.max(1, Math.floor(CASES / 10)) / ((to - from) / 1000)).toFixed(1);
      console.info(
        `fuzz: ${CASES} cases in ${seconds.toFixed(1)} s (${(CASES / seconds).toFixed(1)} cases/s; first tenth ${rate(started, tenths[0]!)}/s, ` +
          `last tenth ${rate(tenths.at(-2) ?? started, tenths.at(-1)!)}/s), answers ${JSON.stringify(Object.fromEntries(statuses))}`,
      );
    },
    120_000 + CASES * 250,
  );

  it("journals every accepted delivery and logs a failed one exactly once, as an error naming it", async () => {
    const rows = await app.store.db.selectFrom("journal").select(["id", "state", "detail"]).where("id", "like", "fuzz-%").execute();
    expect(rows.length).toBe(statuses.get(200) ?? 0);
    const named = logs.linesNaming(ID);
    const twice = [...named].filter(([, lines]) => lines.length > 1).map(([id, lines]) => `${id}: ${lines.map((l) => l.slice(0, 200)).join(" | ")}`);
    expect(twice).toEqual([]);
    const failed = rows.filter((row) => row.state === "failed");
    const unlogged = failed.filter((row) => named.get(row.id)?.length !== 1 || levelOf(named.get(row.id)![0]!) < 50 || !named.get(row.id)![0]!.includes(`"delivery":"${row.id}"`));
    expect(unlogged.map((row) => row.id)).toEqual([]);
    const reasons = [...new Set(failed.map((row) => String(row.detail).slice(0, 100)))];
    console.info(`fuzz: journal outcomes ${JSON.stringify(countBy(rows.map((r) => r.state)))}, ${logs.lines.length} log lines; failures: ${reasons.join(" / ")}`);
  });

  it("writes no ref carrying a hostile name (control characters, unicode tricks, oversized)", () => {
    const hostile = ["refs/heads/a\u0000b", "release-1\u202e", "x".repeat(300), "a..b", "refs/heads/a b"];
    expect(unsafeRefsWritten(hostile.map((ref) => ({ method: "POST", path: "/repos/o/r/git/refs", query: {}, body: { ref }, status: 201, auth: "installation" as never, at: 0 })))).toHaveLength(5);
    const writes = fake.calls.filter((call) => call.method !== "GET");
    console.info(`fuzz: ${writes.length} writes to GitHub, ${writes.filter((call) => /\/git\/refs|\/releases|\/merges|\/dispatches/.test(call.path)).length} of them refs, releases, merges or dispatches`);
    expect(unsafeRefsWritten(fake.calls)).toEqual([]);
    fake.assertNoViolations();
  });
});

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
