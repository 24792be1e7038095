/** Decides whether and when a failed journal entry is tried again. */

const MAX_ATTEMPTS = 8;
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
  if (attemptsSoFar + 1 >= MAX_ATTEMPTS) return null;
  const { status, response } = (error ?? {}) as HttpishError;
  const headers = response?.headers ?? {};
  const rateLimited = status === 429 || (status === 403 && (headers["retry-after"] !== undefined || headers["x-ratelimit-remaining"] === "0"));
  if (typeof status === "number" && status >= 400 && status < 500 && !rateLimited) return null;
  const hinted = hintedDelayMs(headers, nowMs);
  const backoff = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attemptsSoFar);
  return Math.max(hinted ?? 0, backoff);
}

/** GitHub's own hint: `retry-after` seconds, or the `x-ratelimit-reset` epoch second. */
function hintedDelayMs(headers: Record<string, string | number | undefined>, nowMs: number): number | null {
  const retryAfter = Number(headers["retry-after"]);
  if (Number.isFinite(retryAfter) && retryAfter >= 0) return retryAfter * 1000;
  const reset = Number(headers["x-ratelimit-reset"]);
  if (headers["x-ratelimit-remaining"] === "0" && Number.isFinite(reset)) return Math.max(0, reset * 1000 - nowMs);
  return null;
}
