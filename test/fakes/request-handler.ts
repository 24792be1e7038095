/**
 * One request through the fake GitHub: match it to GitHub's OpenAPI description, authenticate,
 * validate, maybe inject a fault, run the route, answer, and record the call.
 */
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AppAuth, AuthKind, AuthResult } from "./auth.js";
import { needsJwt } from "./auth.js";
import type { Fault, Faults } from "./faults.js";
import { matchOperation, pathExists, type Json, type MatchedOperation } from "./openapi-spec.js";
import { validateRequest } from "./openapi-validator.js";
import { HttpError, type AppContext, type FakeDirectory, type Reply } from "./route-types.js";
import { findRoute } from "./routes.js";

export interface CallRecord {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  status: number;
  auth: AuthKind;
  operationId?: string;
  /** When the call arrived, by the fake's clock. */
  at: number;
  /** The fault injected into this call, if any. */
  fault?: Fault;
}

export interface HandlerHost extends FakeDirectory {
  readonly auth: AppAuth;
  readonly faults: Faults;
  readonly calls: CallRecord[];
  /** The clock rate-limit headers and call records use. */
  now(): Date;
  violation(message: string): void;
  hang(res: ServerResponse): void;
}

interface Incoming {
  method: string;
  rawPath: string;
  path: string;
  url: URL;
  query: Record<string, string>;
  body: unknown;
  headers: IncomingMessage["headers"];
}

async function readIncoming(req: IncomingMessage, apiBase: string): Promise<Incoming> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  const url = new URL(req.url ?? "/", apiBase);
  const rawPath = url.pathname.replace(/^\/api\/v3(?=\/|$)/, "") || "/";
  const requestUrl = new URL(`${apiBase}${rawPath}${url.search}`);
  let body: unknown;
  if (text.trim()) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return {
    method: (req.method ?? "GET").toUpperCase(),
    rawPath,
    path: decodeURIComponent(rawPath),
    url: requestUrl,
    query: Object.fromEntries(url.searchParams),
    body,
    headers: req.headers,
  };
}

function send(res: ServerResponse, reply: Reply): void {
  const reset = String(Math.floor(Date.now() / 1000) + 3600);
  const headers: Record<string, string> = {
    "x-github-request-id": `FAKE:${Math.random().toString(16).slice(2, 10)}`,
    "x-ratelimit-limit": "5000",
    "x-ratelimit-remaining": "4999",
    "x-ratelimit-used": "1",
    "x-ratelimit-reset": reset,
    "x-ratelimit-resource": "core",
    "x-github-api-version-selected": "2022-11-28",
    ...reply.headers,
  };
  if (reply.text !== undefined) {
    res.writeHead(reply.status, { "content-type": "text/plain; charset=utf-8", ...headers });
    res.end(reply.text);
  } else if (reply.body === undefined || reply.status === 204 || reply.status === 304) {
    res.writeHead(reply.status, headers);
    res.end();
  } else {
    res.writeHead(reply.status, { "content-type": "application/json; charset=utf-8", ...headers });
    res.end(JSON.stringify(reply.body));
  }
}

const DOCS = "https://docs.github.com/rest";

function faultReply(fault: Fault, nowMs: number): Reply {
  const reset = String(Math.ceil(nowMs / 1000) + fault.retryAfter);
  // A spent primary limit: until a fixed moment (`until`), or for `retryAfter` seconds from now.
  const resetAt = fault.resetAt ?? (fault.kind === "rateLimitReset" ? nowMs + fault.retryAfter * 1000 : undefined);
  if (resetAt !== undefined) {
    return {
      status: fault.status,
      body: { message: "API rate limit exceeded for installation.", documentation_url: `${DOCS}/overview/rate-limits-for-the-rest-api` },
      headers: { "x-ratelimit-remaining": "0", "x-ratelimit-used": "5000", "x-ratelimit-reset": String(Math.ceil(resetAt / 1000)) },
    };
  }
  if (fault.kind === "rateLimit") {
    return {
      status: 403,
      body: {
        message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
        documentation_url: `${DOCS}/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits`,
      },
      headers: { "retry-after": String(fault.retryAfter), "x-ratelimit-remaining": "4998", "x-ratelimit-reset": reset },
    };
  }
  return { status: fault.status, body: { message: fault.status === 502 ? "Server Error" : "Service Unavailable" } };
}

/** Who may call this operation, and whether the credential presented fits; returns the problem. */
function authProblem(host: HandlerHost, match: MatchedOperation, auth: AuthResult): string | undefined {
  if (auth.kind === "none") return auth.problem;
  const { template } = match.operation;
  if (needsJwt(template)) return auth.kind === "jwt" ? undefined : "this endpoint needs the app's JWT, not an installation token";
  if (template === "/rate_limit") return undefined;
  if (auth.kind === "jwt") return "this endpoint needs an installation token, not the app's JWT";
  const repo = match.params.owner && match.params.repo ? host.findRepo(match.params.owner, match.params.repo) : undefined;
  if (repo && repo.installationId !== auth.installationId) {
    return `token of installation ${auth.installationId} used on ${repo.fullName} (installation ${repo.installationId})`;
  }
  return undefined;
}

function run(host: HandlerHost, match: MatchedOperation, incoming: Incoming, auth: AuthResult): Reply {
  const route = findRoute(match.operation.method, match.operation.template);
  if (!route) throw new HttpError(501, "Not Implemented by the fake GitHub");
  const ctx: AppContext = {
    fake: host,
    params: match.params,
    query: incoming.query,
    body: (incoming.body ?? {}) as Json,
    headers: incoming.headers,
    requestUrl: incoming.url,
    installationId: auth.kind === "installation" ? auth.installationId : undefined,
  };
  if (route.kind === "app") return route.handler(ctx);
  const repo = host.findRepo(match.params.owner ?? "", match.params.repo ?? "");
  if (!repo) throw new HttpError(404, "Not Found");
  return route.handler({ ...ctx, repo });
}

/** 1. read  2. match the spec  3. authenticate  4. validate  5. fault before  6. run  7. fault after. */
export async function handleRequest(host: HandlerHost, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const incoming = await readIncoming(req, host.apiBase);
  const auth = host.auth.authenticate(req.headers.authorization);
  const record: CallRecord = { method: incoming.method, path: incoming.path, query: incoming.query, body: incoming.body, status: 0, auth: auth.kind, at: host.now().getTime() };
  host.calls.push(record);
  const where = `${incoming.method} ${incoming.path}`;
  const answer = (reply: Reply) => {
    record.status = reply.status;
    send(res, reply);
  };
  const match = matchOperation(incoming.method, incoming.rawPath);
  if (!match) {
    const why = pathExists(incoming.rawPath) ? "method not allowed on this path" : "no such path";
    host.violation(`${where}: not in GitHub's OpenAPI description (${why})`);
    return answer({ status: 404, body: { message: "Not Found" } });
  }
  const op = `${match.operation.operationId} ${where}`;
  record.operationId = match.operation.operationId;
  const denied = authProblem(host, match, auth);
  if (denied) {
    host.violation(`${op}: unauthenticated (${denied})`);
    return answer({ status: 401, body: { message: "Bad credentials", documentation_url: DOCS } });
  }
  const problems = validateRequest(match, incoming.query, incoming.body);
  if (problems.length) {
    host.violation(`${op}: request does not match the OpenAPI description: ${problems.join("; ")}`);
    return answer({ status: 422, body: { message: `Invalid request.\n\n${problems.join("\n")}`, documentation_url: DOCS } });
  }
  const fault = host.faults.take(incoming.method, incoming.path, incoming.body);
  if (fault) record.fault = fault;
  const failWith = (f: Fault) => (f.kind === "timeout" ? host.hang(res) : answer(faultReply(f, record.at)));
  if (fault && !fault.afterApply) return failWith(fault);
  let reply: Reply;
  try {
    reply = run(host, match, incoming, auth);
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    if (error.status === 501) host.violation(`${op}: valid endpoint that the fake GitHub does not implement`);
    reply = { status: error.status, body: { message: error.message, documentation_url: DOCS, ...error.extra } };
  }
  if (fault) return failWith(fault);
  answer(incoming.method === "GET" ? conditional(reply, incoming.headers["if-none-match"]) : reply);
}

/**
 * GitHub tags every successful GET with an ETag and answers 304, with no body, when the request's
 * If-None-Match names the current one; such a 304 is not counted against the rate limit.
 */
function conditional(reply: Reply, ifNoneMatch: string | undefined): Reply {
  if (reply.status !== 200) return reply;
  const content = reply.text ?? JSON.stringify(reply.body ?? null);
  const etag = `W/"${createHash("sha256").update(content).digest("hex").slice(0, 32)}"`;
  const headers = { ...reply.headers, etag };
  const matches = ifNoneMatch?.split(",").some((tag) => tag.trim() === etag || tag.trim() === "*");
  return matches ? { status: 304, headers } : { ...reply, headers };
}
