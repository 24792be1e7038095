/**
 * A stateful fake of api.github.com on 127.0.0.1: it keeps repositories in memory, checks every
 * request against GitHub's OpenAPI description and the app's credentials, and records calls and
 * violations so a test can fail on a request the real GitHub would refuse.
 */
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { AppAuth, generateAppKey } from "./auth.js";
import { FakeRepo, type AddRepoOptions } from "./fake-repo.js";
import { Faults } from "./faults.js";
import { loadSpec } from "./openapi-spec.js";
import { INSTALLATION_PERMISSIONS } from "./routes-app.js";
import { handleRequest, type CallRecord, type HandlerHost } from "./request-handler.js";

export type { CallRecord } from "./request-handler.js";
export type { FakeRepo, Permission, AddRepoOptions, CommitOptions, AddPullOptions } from "./fake-repo.js";
export type { FaultSpec, RandomFaults } from "./faults.js";

/** How long a "timeout" fault holds a request before dropping its socket, by default. */
const HANG_MS = 30_000;

export interface FakeGitHubOptions {
  appId?: number;
  appSlug?: string;
}

export class FakeGitHub implements HandlerHost {
  readonly appId: number;
  appSlug: string;
  readonly privateKey: string;
  readonly auth: AppAuth;
  readonly faults = new Faults();
  readonly calls: CallRecord[] = [];
  readonly violations: string[] = [];
  /** The installation's permissions; drop `workflows` to see a merge touching workflows refused. */
  permissions: Record<string, string> = { ...INSTALLATION_PERMISSIONS };
  /** How long a "timeout" fault holds its request; app tests shorten it so a lost answer is quick. */
  hangMs = HANG_MS;
  /** Set false to answer dispatches 204 without the run they started, as older GitHub does. */
  dispatchRunDetails = true;
  /** The clock for rate-limit headers and call times; tests that drive the app's clock share it. */
  now: () => Date = () => new Date();
  private readonly repoMap = new Map<string, FakeRepo>();
  private readonly hanging = new Set<ServerResponse>();
  private server: Server | undefined;
  private port = 0;
  private ids = 1000;

  constructor(options: FakeGitHubOptions = {}) {
    this.appId = options.appId ?? 100_000 + Math.floor(Math.random() * 900_000);
    this.appSlug = options.appSlug ?? "signalbox";
    const { privateKey, publicKey } = generateAppKey();
    this.privateKey = privateKey;
    this.auth = new AppAuth(this.appId, publicKey);
    loadSpec();
  }

  /** "http://127.0.0.1:PORT/api/v3"; paths without /api/v3 work too. */
  get url(): string {
    if (!this.server) throw new Error("fake GitHub: call start() first");
    return `http://127.0.0.1:${this.port}/api/v3`;
  }

  /** The host:port to put in GHE_HOST (with GHE_PROTOCOL=http). */
  get host(): string {
    return `127.0.0.1:${this.port}`;
  }

  get apiBase(): string {
    return this.server ? this.url : "http://127.0.0.1/api/v3";
  }

  get botLogin(): string {
    return `${this.appSlug}[bot]`;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      handleRequest(this, req, res).catch((error: unknown) => {
        this.violation(`${req.method} ${req.url}: the fake GitHub crashed: ${(error as Error).stack ?? String(error)}`);
        if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ message: "fake GitHub crashed" }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    server.unref();
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.dropHanging();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    this.server = undefined;
  }

  /** Forgets repositories, calls, violations and faults; issued tokens stay valid. */
  reset(): void {
    this.repoMap.clear();
    this.calls.length = 0;
    this.violations.length = 0;
    this.faults.clear();
    this.permissions = { ...INSTALLATION_PERMISSIONS };
    this.dispatchRunDetails = true;
    this.dropHanging();
  }

  addRepo(options: AddRepoOptions): FakeRepo {
    const repo = new FakeRepo(this, options.owner, options.repo, options);
    this.repoMap.set(`${options.owner}/${options.repo}`.toLowerCase(), repo);
    return repo;
  }

  /** The repository `owner/repo`; throws when it was never added. */
  repo(owner: string, repo: string): FakeRepo {
    const found = this.findRepo(owner, repo);
    if (!found) throw new Error(`fake GitHub: no repository ${owner}/${repo}`);
    return found;
  }

  findRepo(owner: string, repo: string): FakeRepo | undefined {
    return this.repoMap.get(`${owner}/${repo}`.toLowerCase());
  }

  repos(): FakeRepo[] {
    return [...this.repoMap.values()];
  }

  nextId(): number {
    return ++this.ids;
  }

  issueToken(installationId: number): { token: string; expires_at: string } {
    return this.auth.issueToken(installationId);
  }

  violation(message: string): void {
    this.violations.push(message);
  }

  assertNoViolations(): void {
    if (!this.violations.length) return;
    const list = this.violations.map((v, i) => `  ${i + 1}. ${v}`).join("\n");
    throw new Error(`fake GitHub saw ${this.violations.length} request(s) the real GitHub would refuse:\n${list}`);
  }

  /** Holds the request unanswered, as a lost connection would; dropped after `hangMs` or on stop/reset. */
  hang(res: ServerResponse): void {
    this.hanging.add(res);
    const timer = setTimeout(() => {
      this.hanging.delete(res);
      res.socket?.destroy();
    }, this.hangMs);
    timer.unref();
    res.on("close", () => {
      clearTimeout(timer);
      this.hanging.delete(res);
    });
  }

  private dropHanging(): void {
    for (const res of this.hanging) res.socket?.destroy();
    this.hanging.clear();
  }
}
