import { MAX_ATTEMPTS, retryDelayMs } from "../../src/app/retry-policy.js";

const httpError = (status: number, headers: Record<string, string> = {}) => ({ status, response: { headers } });

describe("retryDelayMs", () => {
  it.each([
    ["a 500", httpError(500), 0, 2000],
    ["a 502 on the third attempt", httpError(502), 2, 8000],
    ["a network error", Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }), 0, 2000],
    ["a secondary rate limit with retry-after", httpError(403, { "retry-after": "30" }), 0, 30_000],
    ["a 429 with a short retry-after (backoff wins)", httpError(429, { "retry-after": "1" }), 3, 16_000],
  ])("retries %s", (_label, error, attempts, expected) => {
    expect(retryDelayMs(error, attempts, 0)).toBe(expected);
  });

  it.each([
    ["a 404", httpError(404)],
    ["a 422", httpError(422)],
    ["a plain 403 (permission)", httpError(403)],
    ["a bug or a malformed payload", new TypeError("Cannot read properties of undefined (reading 'sha')")],
  ])("does not retry %s", (_label, error) => {
    expect(retryDelayMs(error, 0, 0)).toBeNull();
  });

  it("gives up after the last attempt, about half an hour of backoff in", () => {
    expect(retryDelayMs(httpError(500), MAX_ATTEMPTS - 1, 0)).toBeNull();
    const waits = Array.from({ length: MAX_ATTEMPTS - 1 }, (_, attempt) => retryDelayMs(httpError(500), attempt, 0)!);
    const total = waits.reduce((sum, ms) => sum + ms, 0);
    expect(total).toBeGreaterThan(30 * 60_000);
    expect(total).toBeLessThan(60 * 60_000);
  });

  it("waits for the primary rate limit to reset", () => {
    const now = Date.UTC(2026, 10, 22, 12, 0, 0);
    const error = httpError(403, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(now / 1000 + 90) });
    expect(retryDelayMs(error, 0, now)).toBe(90_000);
  });
});
