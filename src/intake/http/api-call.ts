/**
 * Every HTTP API call goes through here: read the fields, find the caller's token, check that
 * it may do this (its scope), run the action, and turn errors into JSON answers.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Fields } from "../../core/board-api/parse-request.js";
import type { ApiScope, Settings } from "../../settings.js";
import { refuseRepo, type ApiCaller } from "./api-access.js";
import { bearerOf, readFields, RequestError, tokenMatches, tokenOf } from "./read-request.js";
import { loggableError } from "./redact.js";

export interface ApiCallDeps {
  settings: Pick<Settings, "apiTokens">;
  log: { error(obj: object, msg: string): void };
}

export async function handleApiCall(
  deps: ApiCallDeps,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  scope: ApiScope,
  run: (fields: Fields, caller: ApiCaller) => Promise<void>,
): Promise<void> {
  try {
    // A token in the header is judged before the body is read, so a caller without the right
    // token cannot make signalbox read anything; one in the body is read within the 1 MB cap first.
    const headerToken = bearerOf(req);
    const early = headerToken === undefined ? null : authorize(deps.settings.apiTokens, headerToken, scope);
    if (early) return sendJson(res, early.status, { error: early.error, field: "token" }, { connection: "close" });
    const fields = await readFields(req, url);
    const caller = authenticate(deps.settings.apiTokens, tokenOf(req, fields), scope);
    if ("status" in caller) return sendJson(res, caller.status, { error: caller.error, field: "token" });
    await run(fields, caller);
  } catch (error) {
    if (error instanceof RequestError) {
      if (error.status >= 500) deps.log.error({ err: loggableError(error.cause), path: url.pathname }, `API request failed: ${error.message}`);
      return sendJson(res, error.status, { error: error.message, field: error.field });
    }
    deps.log.error({ err: loggableError(error), path: url.pathname }, "API request failed");
    if (!res.headersSent) sendJson(res, 500, { error: "internal error; see the server log" });
    else res.end();
  }
}

type Refusal = { status: 401 | 403; error: string };

/** Null when the token may act in `scope`; otherwise the answer to give. */
export function authorize(tokens: Settings["apiTokens"], given: string | undefined, scope: ApiScope): Refusal | null {
  const caller = authenticate(tokens, given, scope);
  return "status" in caller ? caller : null;
}

/** The caller when its token may act in `scope` (admin includes every scope); otherwise the answer to give. */
function authenticate(tokens: Settings["apiTokens"], given: string | undefined, scope: ApiScope): ApiCaller | Refusal {
  if (tokens.length === 0) return { status: 401, error: "the API is disabled: API_TOKEN or API_TOKENS must be configured on the server" };
  if (given === undefined) return { status: 401, error: "missing API token (token field or Authorization: Bearer)" };
  // Compare against every token, so the time taken does not tell which one (if any) matched.
  const matches = tokens.filter((token) => tokenMatches(given, token.token));
  const token = matches[0];
  if (!token) return { status: 401, error: "wrong API token" };
  const allowed = token.scopes.includes(scope) || token.scopes.includes("admin");
  if (!allowed) return { status: 403, error: `token "${token.name}" may not ${scope}; it has: ${token.scopes.join(", ")}` };
  return { name: token.name, scopes: token.scopes, repos: token.repos };
}

/** Throws the 403 to answer when the caller's token does not cover the repository (undefined: not a GitHub repository). */
export function requireRepo(caller: ApiCaller, repository: { owner: string; repo: string } | undefined, shown: string): void {
  const refusal = refuseRepo(caller, repository, shown);
  if (refusal !== null) throw new RequestError(403, refusal, "repository");
}

/** Decodes one `%`-encoded path segment; bad encoding is the caller's mistake (400), not a crash. */
export function decodeSegment(raw: string, field: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new RequestError(400, `the ${field} in the path is not valid URL encoding`, field);
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  // nosniff: a browser never treats a JSON answer (which may echo hostile input) as HTML.
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "x-content-type-options": "nosniff", ...headers }).end(JSON.stringify(body));
}
