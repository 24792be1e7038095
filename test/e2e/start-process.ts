/** Starts the real `npm start` entry point (dist/main.js) against a fake GitHub, for end-to-end tests. */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const root = resolve(import.meta.dirname, "../..");

export interface RunningApp {
  url: string;
  child: ChildProcess;
  output: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

/** The GitHub App's credentials and host for a fake GitHub (without them Probot serves its setup page). */
export function githubAppEnv(fake: { appId: number; privateKey: string; host: string }, webhookSecret: string): Record<string, string> {
  return { APP_ID: String(fake.appId), PRIVATE_KEY: fake.privateKey, WEBHOOK_SECRET: webhookSecret, GHE_HOST: fake.host, GHE_PROTOCOL: "http" };
}

/** Builds once per test file; `npm start` does the same through its prestart script. */
export function buildApp(): void {
  execFileSync("npm", ["run", "build", "--silent"], { cwd: root, stdio: "inherit" });
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolvePort(address.port) : reject(new Error("no port"))));
    });
  });
}

export interface StartOptions {
  dataDir?: string;
  /** Working directory; defaults to the data dir so a developer's own .env never leaks in. */
  cwd?: string;
  /** Path polled until it answers 200. */
  readyPath?: string;
  /** Node arguments; defaults to the app's entry point (dist/main.js). Benches start a baseline app here. */
  nodeArgs?: string[];
}

export async function startApp(env: Record<string, string>, options: StartOptions = {}): Promise<RunningApp> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "signalbox-e2e-"));
  const port = await freePort();
  const child = spawn(process.execPath, options.nodeArgs ?? [join(root, "dist/main.js")], {
    cwd: options.cwd ?? dataDir,
    env: { PATH: process.env.PATH ?? "", PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "info", SIGNALBOX_DATA_DIR: dataDir, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolveExit) => child.on("exit", (code) => resolveExit(code)));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}${options.readyPath ?? "/healthz"}`).catch(() => null))?.ok === true, 20_000, () => output);
  return {
    url,
    child,
    output: () => output,
    stop: async (signal = "SIGTERM") => {
      child.kill(signal);
      return exited;
    },
  };
}

export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs = 10_000, describe?: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out after ${timeoutMs} ms${describe ? `\n${describe()}` : ""}`);
}
