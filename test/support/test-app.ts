/**
 * A signalbox app under test: a real Probot (its Octokit pointed at the fake GitHub, retries and
 * throttling off so tests don't wait) and a real store in a temporary directory.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Probot } from "probot";
import { SignalboxOctokit } from "../../src/intake/github/signalbox-octokit.js";
import { pino, type Logger } from "pino";
import { createSignalbox, type Signalbox } from "../../src/app.js";
import { loadSettings, type Settings } from "../../src/settings.js";
import { createStore } from "../../src/store/create-store.js";
import type { Store } from "../../src/store/store.js";
import type { FakeGitHub } from "../fakes/fake-github.js";

export interface TestApp {
  probot: Probot;
  signalbox: Signalbox;
  store: Store;
  /** Serves the app's own HTTP routes (API, dashboard, health) on loopback; returns the base URL. */
  listen(): Promise<string>;
  /** Delivers a webhook as Probot would after verifying it, then waits for the work it caused. */
  receive(name: string, payload: unknown, id?: string): Promise<void>;
  close(): Promise<void>;
}

let deliveries = 0;

export interface TestAppOptions {
  /** The clock the app reads; tests move it to make retries due. */
  now?: () => Date;
  /** Environment-style settings (API_TOKEN, WEB_PASSWORD, ...); defaults as documented. */
  env?: Record<string, string>;
  /** The store to use (e.g. a PostgreSQL one); a temporary SQLite store by default. */
  store?: Store;
  /** Where the app logs (silent unless LOG_LEVEL is set); tests reading log lines pass their own. */
  log?: Logger;
}

export async function createTestApp(fake: FakeGitHub, options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), "signalbox-app-"));
  const store = options.store ?? (await createStore({ dataDir }));
  const settings: Settings = loadSettings(options.env ?? {});
  const signalbox = createSignalbox({ store, settings, pollMs: 60_000, now: options.now });
  const probot = new Probot({
    appId: fake.appId,
    privateKey: fake.privateKey,
    secret: "test-secret",
    baseUrl: fake.url,
    log: options.log ?? pino({ level: process.env.LOG_LEVEL ?? "silent" }),
    Octokit: SignalboxOctokit.defaults((options: object) => ({
      ...options,
      retry: { enabled: false },
      throttle: { enabled: false },
    })),
  });
  let routes: ((req: never, res: never) => unknown) | undefined;
  let server: Server | undefined;
  await probot.load(signalbox.appFn, { cwd: process.cwd(), addHandler: (handler) => (routes = handler) });
  return {
    probot,
    signalbox,
    store,
    async listen() {
      server = createServer(async (req, res) => {
        if (!(await routes?.(req as never, res as never))) res.writeHead(404).end("Not Found");
      });
      await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
      const address = server.address();
      return `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    },
    async receive(name, payload, id = `delivery-${++deliveries}`) {
      await probot.receive({ id, name, payload } as Parameters<Probot["receive"]>[0]);
      await signalbox.worker!.drain();
    },
    async close() {
      await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
      await signalbox.worker?.stop();
      await signalbox.boardWorker?.stop();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
