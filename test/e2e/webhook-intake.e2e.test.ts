/**
 * End to end, the webhook endpoint of the real `npm start` process: no start without a webhook
 * secret, no internal event names from outside, and no unbounded bodies.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { FakeGitHub } from "../fakes/fake-github.js";
import { buildWebhook, deliverWebhook } from "../fakes/webhooks.js";
import { buildApp, freePort, githubAppEnv, root, startApp, type RunningApp } from "./start-process.js";

const SECRET = "intake-secret";
const repoRef = { owner: "octo-org", repo: "intake", installationId: 7171 };

/** Starts dist/main.js and waits for it to exit (or gives up after `ms`, killing it). */
async function runUntilExit(env: Record<string, string>, ms = 15_000): Promise<{ code: number | null; output: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(root, "dist/main.js")], {
    cwd: join(root, "test"),
    env: { PATH: process.env.PATH ?? "", PORT: String(port), HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const timer = setTimeout(() => child.kill("SIGKILL"), ms);
  const code = await new Promise<number | null>((resolve) => child.on("exit", (exitCode) => resolve(exitCode)));
  clearTimeout(timer);
  return { code, output };
}

/** The process's peak resident set size so far (Linux), in bytes. */
function peakRss(pid: number): number {
  const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return Number(kb) * 1024;
}

/** POSTs `total` bytes in 1 MB chunks without a content length; resolves with the status as soon as one comes. */
async function streamBody(url: string, total: number, headers: Record<string, string>): Promise<{ status: number; sent: number }> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = request(url, { method: "POST", headers: { ...headers, "transfer-encoding": "chunked" } }, (res) => {
      answered = true;
      res.resume();
      resolve({ status: res.statusCode ?? 0, sent });
      req.destroy();
    });
    req.on("error", (error) => (answered ? undefined : reject(error)));
    const chunk = Buffer.alloc(1024 * 1024, "a");
    const write = () => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", write);
      }
      if (!answered) req.end();
    };
    write();
  });
}

describe("the webhook endpoint of npm start", () => {
  const fake = new FakeGitHub();
  let app: RunningApp;

  beforeAll(async () => {
    buildApp();
    await fake.start();
    fake.addRepo({ ...repoRef, defaultBranch: "main" });
    app = await startApp({ ...githubAppEnv(fake, SECRET), LOG_FORMAT: "json" });
  }, 120_000);

  afterAll(async () => {
    await app?.stop("SIGKILL");
    await fake.stop();
  });

  it.each([["unset", {}], ["empty", { WEBHOOK_SECRET: "" }]])("refuses to start with WEBHOOK_SECRET %s, naming it", async (_name, secret) => {
    const env = { ...githubAppEnv(fake, "x"), ...secret };
    if (!("WEBHOOK_SECRET" in secret)) delete (env as Record<string, string>).WEBHOOK_SECRET;
    const { code, output } = await runUntilExit(env);
    expect(code).not.toBe(0);
    expect(code).not.toBeNull(); // it exited by itself
    expect(output).toMatch(/WEBHOOK_SECRET/);
  }, 30_000);

  it("refuses a correctly signed delivery that names one of signalbox's internal events", async () => {
    const payload = buildWebhook("push", undefined, { repo: repoRef });
    for (const name of ["signalbox.train", "signalbox.tick", "signalbox.anything"]) {
      const answer = await deliverWebhook(app.url, { name, id: `internal-${name}`, payload, secret: SECRET });
      expect(answer.status).toBe(400);
      expect(answer.body).toMatch(/not a GitHub event/);
    }
    // GitHub's own events still pass.
    expect((await deliverWebhook(app.url, { name: "push", id: "intake-push", payload, secret: SECRET })).status).toBe(200);
  });

  it("answers 413 to a 128 MB body while it streams, and the process barely grows", async () => {
    const before = peakRss(app.child.pid!);
    const answer = await streamBody(`${app.url}/api/github/webhooks`, 128 * 1024 * 1024, {
      "content-type": "application/json",
      "x-github-event": "push",
      "x-github-delivery": "huge-1",
      "x-hub-signature-256": `sha256=${"0".repeat(64)}`,
    });
    expect(answer.status).toBe(413);
    expect(answer.sent).toBeLessThan(64 * 1024 * 1024);
    const grown = peakRss(app.child.pid!) - before;
    expect(grown).toBeLessThan(50 * 1024 * 1024);
    // A declared length over the cap is refused before a byte of the body is read.
    const declared = await new Promise<number>((resolve, reject) => {
      const req = request(`${app.url}/api/github/webhooks`, { method: "POST", headers: { "content-type": "application/json", "content-length": String(26 * 1024 * 1024), "x-github-event": "push", "x-github-delivery": "huge-2", "x-hub-signature-256": "sha256=00" } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on("error", reject);
      req.write("{");
    });
    expect(declared).toBe(413);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  }, 60_000);
});
