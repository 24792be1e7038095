/**
 * The CLI's one HTTP call: POST a JSON body with a bearer token (never in the URL), retrying
 * network errors, 429 and 5xx with backoff. Every failure becomes a `CliError` with one line.
 */

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface HttpOptions {
  fetch: FetchLike;
  sleep: (ms: number) => Promise<void>;
  /** Where retry notices go (stderr). */
  warn: (line: string) => void;
  /** Attempts in all, the first included. */
  attempts?: number;
  /** The wait before the first retry; doubled each time. */
  baseDelayMs?: number;
  /** Per attempt. */
  timeoutMs?: number;
}

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
  }
}

/** One attempt's outcome: an answer to hand back, or a failure that another attempt may fix. */
type Attempt = { ok: true; body: unknown } | { ok: false; retry: boolean; message: string };

export async function postJson(options: HttpOptions, url: string, token: string, body: object): Promise<unknown> {
  const attempts = options.attempts ?? 4;
  const baseDelayMs = options.baseDelayMs ?? 1000;
  for (let attempt = 1; ; attempt++) {
    const outcome = await tryOnce(options, url, token, body);
    if (outcome.ok) return outcome.body;
    if (!outcome.retry) throw new CliError(outcome.message, 1);
    if (attempt >= attempts) throw new CliError(`${outcome.message} (gave up after ${attempts} attempts)`, 1);
    const delayMs = baseDelayMs * 2 ** (attempt - 1);
    options.warn(`signalbox: ${outcome.message}; retrying in ${formatDelay(delayMs)} (attempt ${attempt + 1} of ${attempts})`);
    await options.sleep(delayMs);
  }
}

async function tryOnce(options: HttpOptions, url: string, token: string, body: object): Promise<Attempt> {
  let response: Response;
  let text: string;
  try {
    response = await options.fetch(url, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(body),
      redirect: "manual",
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
    text = await response.text();
  } catch (error) {
    return { ok: false, retry: true, message: `cannot reach ${url}: ${describe(error)}` };
  }
  if (response.status >= 200 && response.status < 300) return { ok: true, body: parseJson(text) };
  return { ok: false, retry: response.status === 429 || response.status >= 500, message: explain(response, url, text) };
}

/** One line saying what went wrong and what to check. */
function explain(response: Response, url: string, text: string): string {
  const status = `${response.status} ${response.statusText || reason(response.status)}`.trim();
  if (response.status === 401 || response.status === 403) return `${status} — check SIGNALBOX_TOKEN`;
  if (response.status === 404) return `${status} at ${url} — check SIGNALBOX_URL`;
  if (response.status >= 300 && response.status < 400) {
    return `${status}: the server redirects to ${response.headers.get("location") ?? "elsewhere"} — set SIGNALBOX_URL to that address`;
  }
  const json = parseJson(text) as { error?: unknown; field?: unknown } | null;
  if (json && typeof json === "object" && json.error !== undefined) {
    const field = json.field !== undefined ? ` (field: ${String(json.field)})` : "";
    return `${status}: ${String(json.error)}${field}`;
  }
  const snippet = text.replace(/\s+/g, " ").trim().slice(0, 200);
  return snippet ? `${status}: ${snippet}` : status;
}

const REASONS: Record<number, string> = { 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 422: "Unprocessable Entity" };
const reason = (status: number): string => REASONS[status] ?? (status >= 500 ? "Server Error" : "");

function parseJson(text: string): unknown {
  if (text.trim() === "") return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** A fetch failure in a few words: "ECONNREFUSED", "timed out", "getaddrinfo ENOTFOUND host". */
function describe(error: unknown): string {
  const e = error as { name?: unknown; message?: unknown; cause?: { code?: unknown; message?: unknown } } | null;
  if (e?.name === "TimeoutError") return "timed out";
  return String(e?.cause?.code ?? e?.cause?.message ?? e?.message ?? error);
}

export const formatDelay = (ms: number): string => (ms >= 1000 ? `${Math.round(ms / 100) / 10}s` : `${ms}ms`);
