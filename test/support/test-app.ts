/**
 * A signalbox app under test: a real Probot (its Octokit pointed at the fake GitHub, retries and
 * throttling off so tests don't wait) and a real store in a temporary directory.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Probot, ProbotOctokit } from "probot";
import { pino } from "pino";
import { createSignalbox, type Signalbox } from "../../src/app.js";
import { createStore } from "../../src/store/create-store.js";
import type { Store } from "../../src/store/store.js";
import type { FakeGitHub } from "../fakes/fake-github.js";

export interface TestApp {
  probot: Probot;
  signalbox: Signalbox;
  store: Store;
  /** Delivers a webhook as Probot would after verifying it, then waits for the work it caused. */
  receive(name: string, payload: unknown, id?: string): Promise<void>;
  close(): Promise<void>;
}

let deliveries = 0;

export interface TestAppOptions {
  /** The clock the app reads; tests move it to make retries due. */
  now?: () => Date;
}

export async function createTestApp(fake: FakeGitHub, options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), "signalbox-app-"));
  const store = await createStore({ dataDir });
  const signalbox = createSignalbox({ store, pollMs: 60_000, now: options.now });
  const probot = new Probot({
    appId: fake.appId,
    privateKey: fake.privateKey,
    secret: "test-secret",
    baseUrl: fake.url,
    log: pino({ level: process.env.LOG_LEVEL ?? "silent" }),
    Octokit: ProbotOctokit.defaults((options: object) => ({
      ...options,
      retry: { enabled: false },
      throttle: { enabled: false },
    })),
  });
  // No HTTP server in these tests: the app's extra routes are exercised end to end instead.
  await probot.load(signalbox.appFn, { cwd: process.cwd(), addHandler: () => undefined });
  return {
    probot,
    signalbox,
    store,
    async receive(name, payload, id = `delivery-${++deliveries}`) {
      await probot.receive({ id, name, payload } as Parameters<Probot["receive"]>[0]);
      await signalbox.worker!.drain();
    },
    async close() {
      await signalbox.worker?.stop();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
