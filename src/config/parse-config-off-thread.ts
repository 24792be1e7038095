/**
 * Parses config files from untrusted commits (a fork's pull request, any pushed commit) in a
 * worker thread, under a time limit, so that no file can stall the event loop: webhooks, the
 * dashboard and /healthz keep answering while it is read. One worker serves every request in
 * turn; a request that runs past the limit ends the worker, and the next request starts a new one.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { parseConfig, type ConfigResult, type ParseConfigOptions } from "./parse-config.js";
import { defaultConfig } from "./config-schema.js";

export interface ParseRequest {
  id: number;
  text: string | null;
  options: ParseConfigOptions;
}
export type ParseReply = { id: number; result: ConfigResult } | { id: number; error: string };

/** Generous for any real config (they parse in milliseconds), short enough that a hostile one waits little. */
export const CONFIG_PARSE_TIME_LIMIT_MS = 5_000;
/** Starting the worker (loading the parser) is not the file's fault, so it has its own, longer limit. */
const START_LIMIT_MS = 60_000;
/** An idle worker is ended so it holds no memory between bursts. */
const IDLE_MS = 30_000;

export class OffThreadConfigParser {
  private worker: Promise<Worker> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(private readonly timeLimitMs = CONFIG_PARSE_TIME_LIMIT_MS) {}

  /** Like parseConfig; requests are served one at a time, each under the time limit. */
  parse(text: string | null, options: ParseConfigOptions = {}): Promise<ConfigResult> {
    if (text === null) return Promise.resolve(parseConfig(null));
    const turn = this.queue.then(() => this.parseNow(text, options));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** Ends the worker now (tests, shutdown); a later parse starts a new one. */
  async close(): Promise<void> {
    await this.queue;
    await this.stopWorker();
  }

  private async parseNow(text: string, options: ParseConfigOptions): Promise<ConfigResult> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const worker = await this.started();
    const id = this.nextId++;
    try {
      const reply = await this.ask(worker, { id, text, options });
      if ("error" in reply) throw new Error(`parsing the config failed: ${reply.error}`);
      return reply.result;
    } catch (error) {
      await this.stopWorker();
      if (error instanceof TimeLimitError) return tookTooLong(this.timeLimitMs);
      throw error;
    } finally {
      this.idleTimer = setTimeout(() => void this.stopWorker(), IDLE_MS).unref();
    }
  }

  private ask(worker: Worker, request: ParseRequest): Promise<ParseReply> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => finish(() => reject(new TimeLimitError())), this.timeLimitMs);
      const onMessage = (reply: ParseReply) => reply.id === request.id && finish(() => resolve(reply));
      const onError = (error: Error) => finish(() => reject(error));
      const onExit = (code: number) => finish(() => reject(new Error(`the config worker exited (${code})`)));
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        worker.off("message", onMessage).off("error", onError).off("exit", onExit);
        settle();
      };
      worker.on("message", onMessage).on("error", onError).on("exit", onExit);
      worker.postMessage(request);
    });
  }

  private started(): Promise<Worker> {
    if (this.worker) return this.worker;
    const starting = startWorker().then(
      (worker) => worker.once("exit", () => this.worker === starting && (this.worker = null)),
      (error: unknown) => {
        this.worker = null;
        throw error;
      },
    );
    this.worker = starting;
    return starting;
  }

  private async stopWorker(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await (await worker.catch(() => null))?.terminate();
  }
}

class TimeLimitError extends Error {}

function tookTooLong(limitMs: number): ConfigResult {
  const limit = limitMs >= 1000 ? `${limitMs / 1000} s` : `${limitMs} ms`;
  const message = `The file took longer than ${limit} to read (the limit is ${limit}); make it smaller or simpler`;
  return { config: defaultConfig(), errors: [{ path: "", line: 1, column: 1, message }], source: "file" };
}

/** Resolves once the worker has loaded the parser. */
function startWorker(): Promise<Worker> {
  const worker = createWorker();
  worker.unref(); // a parse in flight is awaited by its caller; an idle worker must not hold the process open
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error("the config worker did not start in time")), START_LIMIT_MS);
    const fail = (error: Error) => {
      clearTimeout(timer);
      void worker.terminate();
      reject(error);
    };
    worker.once("error", fail);
    worker.once("exit", (code) => fail(new Error(`the config worker exited (${code}) while starting`)));
    worker.once("message", () => {
      clearTimeout(timer);
      // From here on, each request listens for errors itself; between requests one is harmless.
      worker.removeAllListeners("error").removeAllListeners("exit").on("error", () => undefined);
      resolve(worker);
    });
  });
}

/**
 * Built (dist/), the worker is plain JavaScript beside this file. Run from the TypeScript
 * sources (jest, tsx), it is the .ts file, loaded through tsx's loader (a devDependency,
 * present wherever the sources run), which a small bootstrap registers in the worker first.
 */
function createWorker(): Worker {
  const here = import.meta.url;
  if (!here.endsWith(".ts")) return new Worker(new URL("./config-worker.js", here), { execArgv: [] });
  const entry = new URL("./config-worker.ts", here).href;
  const bootstrap = `import(${JSON.stringify(tsxApiUrl(here))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true, execArgv: [] });
}

/**
 * tsx's ESM API (`tsx/esm/api`, import condition). Its plain `tsx/esm` entry registers itself only
 * on the main thread on Node 20, so the worker calls register() itself.
 */
function tsxApiUrl(from: string): string {
  const manifest = createRequire(from).resolve("tsx/package.json");
  const exports = createRequire(from)("tsx/package.json").exports as Record<string, { import: { default: string } }>;
  return new URL(exports["./esm/api"]!.import.default, pathToFileURL(manifest)).href;
}
