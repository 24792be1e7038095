/** Decides whether and when a failed journal entry is tried again. */

// About 35 minutes of backoff in all: long enough to ride out a typical GitHub incident.
export const MAX_ATTEMPTS = 12;
const BASE_DELAY_MS = 2000;
const MAX_DELAY_MS = 10 * 60_000;

interface HttpishError {
  status?: unknown;
  response?: { headers?: Record<string, string | number | undefined> };
}

/**
 * Milliseconds to wait before the next attempt, or null when retrying cannot help
 * (a 4xx other than rate limiting means the request itself is wrong).
 */
export function retryDelayMs(error: unknown, attemptsSoFar: number, nowMs: number): number | null {
  if (attemptsSoFar + 1 >= MAX_ATTEMPTS || !isTransient(error)) return null;
  const headers = (error as HttpishError).response?.headers ?? {};
  const hinted = hintedDelayMs(headers, nowMs);
  const backoff = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attemptsSoFar);
  return Math.max(hinted ?? 0, backoff);
}

/**
 * Whether the failure is GitHub or the network failing (5xx, a dropped connection, a rate limit),
 * which a later attempt may not meet. A 4xx other than rate limiting means the request itself is
 * wrong, and a failure that is neither GitHub's answer nor the network's (a bug, a malformed
 * payload) fails the same way again: those fail at once, logged once, rather than block the
 * repository.
 */
export function isTransient(error: unknown): boolean {
  if (!isHttpOrNetworkError(error)) return false;
  const { status, response } = (error ?? {}) as HttpishError;
  const headers = response?.headers ?? {};
  const rateLimited = status === 429 || (status === 403 && (headers["retry-after"] !== undefined || headers["x-ratelimit-remaining"] === "0"));
  return !(typeof status === "number" && status >= 400 && status < 500 && !rateLimited);
}

/** GitHub's own hint: `retry-after` seconds, or the `x-ratelimit-reset` epoch second. */
function hintedDelayMs(headers: Record<string, string | number | undefined>, nowMs: number): number | null {
  const retryAfter = Number(headers["retry-after"]);
  if (Number.isFinite(retryAfter) && retryAfter >= 0) return retryAfter * 1000;
  const reset = Number(headers["x-ratelimit-reset"]);
  if (headers["x-ratelimit-remaining"] === "0" && Number.isFinite(reset)) return Math.max(0, reset * 1000 - nowMs);
  return null;
}

const NETWORK_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_SOCKET", "UND_ERR_CONNECT_TIMEOUT"]);

function isHttpOrNetworkError(error: unknown): boolean {
  const e = (error ?? {}) as { status?: unknown; code?: unknown; name?: unknown; cause?: { code?: unknown } };
  if (typeof e.status === "number") return true;
  if (e.name === "AbortError" || e.name === "TimeoutError" || e.name === "FetchError") return true;
  return NETWORK_CODES.has(String(e.code)) || NETWORK_CODES.has(String(e.cause?.code));
}
