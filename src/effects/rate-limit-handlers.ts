/**
 * What Octokit's throttling does when GitHub says the budget is spent. A short wait is taken in
 * process; a long one (a primary limit resets up to an hour later) is not: the request fails, the
 * worker puts its journal entry back until GitHub's reset (see app/retry-policy.ts), and the
 * worker's other slots stay free for installations whose budget is not spent.
 */

/** Longer than this, an entry waits in the journal rather than holding a worker. */
export const MAX_IN_PROCESS_WAIT_SECONDS = 10;

interface RequestOptions {
  method?: string;
  url?: string;
}

interface Logger {
  log: { warn(message: string): void };
}

/** Octokit's `onRateLimit` / `onSecondaryRateLimit`: whether to retry the request after `retryAfter` seconds. */
export function retryInProcess(retryAfter: number, options: RequestOptions, octokit: Logger, retryCount = 0): boolean {
  const retry = retryAfter <= MAX_IN_PROCESS_WAIT_SECONDS && retryCount < 1;
  const what = `${options.method ?? "?"} ${options.url ?? "?"}`;
  octokit.log.warn(retry ? `Rate limited on ${what}: retrying in ${retryAfter}s` : `Rate limited on ${what} for ${retryAfter}s: the work waits in the journal`);
  return retry;
}

/** Octokit options with signalbox's rate-limit handlers in place of Probot's. */
export function withRateLimitHandlers<T extends { throttle?: object }>(options: T): T {
  return { ...options, throttle: { ...options.throttle, onRateLimit: retryInProcess, onSecondaryRateLimit: retryInProcess } };
}
