/**
 * Mutated webhook payloads through the real webhook endpoint (Probot's middleware with signature
 * checks) and the worker: only 2xx or 4xx answers, every delivery ends in the journal, nothing
 * crashes. FUZZ_CASES sets the count (`npm run fuzz` runs 10,000, for tens of minutes: about one
 * mutation in twenty journals a 1 MB payload); npm test runs a few hundred.
 */
import { createServer, type Server } from "node:http";
import { FakeGitHub } from "../fakes/fake-github.js";
import { allWebhookExamples, deliverWebhook } from "../fakes/webhooks.js";
import { createTestApp, type TestApp } from "../support/test-app.js";
import { mutate, seeded } from "./mutate.js";

const CASES = Number(process.env.FUZZ_CASES ?? 300);
const SEED = Number(process.env.FUZZ_SEED ?? 20261122);

describe(`webhook fuzzing (${CASES} cases, seed ${SEED})`, () => {
  const fake = new FakeGitHub();
  let app: TestApp;
  let server: Server;
  let url: string;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeAll(async () => {
    process.on("unhandledRejection", onUnhandled);
    await fake.start();
    app = await createTestApp(fake);
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

  it("answers every mutated delivery with 2xx or 4xx, and journals it", async () => {
    const examples = allWebhookExamples();
    const random = seeded(SEED);
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    for (let i = 0; i < CASES; i++) {
      const example = examples[Math.floor(random() * examples.length)]!;
      const payload = mutate(example.payload, random);
      const { status, body } = await deliverWebhook(url, { name: example.name, id: `fuzz-${i}`, payload, secret: "test-secret" });
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status >= 500) failures.push(`case ${i} (${example.name}.${example.action}): ${status} ${String(body).slice(0, 300)}`);
    }
    expect(failures).toEqual([]);
    await app.signalbox.worker!.drain();
    const open = await app.store.journal.pendingCount();
    if (open > 0) {
      const rows = await app.store.db.selectFrom("journal").select(["id", "name", "last_error", "repo_key"]).where("state", "in", ["pending", "in_flight"]).limit(8).execute();
      console.log(rows);
    }
    expect(open).toBe(0);
    expect(unhandled).toEqual([]);
    console.info(`fuzz: ${CASES} cases, answers ${JSON.stringify(Object.fromEntries(statuses))}`);
  }, 120_000 + CASES * 250);
});
