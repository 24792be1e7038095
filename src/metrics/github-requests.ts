/**
 * Counts every GitHub API request an Octokit makes (including installation-token requests and
 * paginated pages) and records the rate-limit budget GitHub reports in its answers.
 */
import type { MetricsObserver } from "./metrics.js";

interface RequestOptions {
  method?: string;
  url?: string;
}

interface Answer {
  status?: number;
  headers?: Record<string, unknown>;
}

/** The parts of an Octokit this needs: its request hooks. */
export interface HookableOctokit {
  hook: {
    after(name: "request", fn: (response: Answer, options: RequestOptions) => void): void;
    error(name: "request", fn: (error: Answer & { response?: Answer }, options: RequestOptions) => never | Promise<never>): void;
  };
}

const SEGMENT_WORD = /^[a-z][a-z_-]*$/;
/** Path segments of a literal URL kept after the repository (e.g. `/releases`, `/git/matching-refs`). */
const KEPT_SEGMENTS = 2;

/**
 * The route of a request with no ids or names in it. Octokit's endpoint methods hand the hook
 * the template (`/repos/{owner}/{repo}/pulls/{pull_number}`), which is used as it is. A literal
 * URL (a page of a paginated list, following GitHub's Link header) is templated here: the
 * repository becomes `{owner}/{repo}` or `{id}`, and only two API words after it are kept.
 */
export function formatRoute(url: string): string {
  const path = url.replace(/^[a-z]+:\/\/[^/]+/i, "").split("?")[0]!.replace(/\/+$/, "") || "/";
  if (path.includes("{")) return path.replace(/^\/api\/v3(?=\/)/, "");
  const segments = path.replace(/^\/api\/v3(?=\/)/, "").split("/").filter(Boolean);
  const prefix = segments[0] === "repos" ? ["repos", "{owner}", "{repo}"] : segments[0] === "repositories" ? ["repositories", "{id}"] : null;
  if (!prefix) return `/${segments.map((s) => (SEGMENT_WORD.test(s) ? s : "{id}")).join("/")}`;
  const rest = segments.slice(prefix.length);
  const kept = rest.slice(0, KEPT_SEGMENTS).map((s) => (SEGMENT_WORD.test(s) ? s : "{id}"));
  return `/${[...prefix, ...kept].join("/")}${rest.length > KEPT_SEGMENTS ? "/…" : ""}`;
}

const instrumented = new WeakSet<object>();

/**
 * Wraps Probot's `app.auth` so every Octokit it hands out counts its requests. The rate-limit
 * budget is the app's own (no installation id) or the installation's.
 */
export function instrumentAuth<T extends object>(auth: (installationId?: number) => Promise<T>, metrics: MetricsObserver): (installationId?: number) => Promise<T> {
  return async (installationId) => instrumentOctokit(await auth(installationId), installationId ? String(installationId) : "app", metrics);
}

/** Adds the counting hooks to an Octokit once (Probot hands out the same app Octokit every time). */
export function instrumentOctokit<T extends object>(client: T, budget: string, metrics: MetricsObserver): T {
  if (instrumented.has(client)) return client;
  instrumented.add(client);
  const octokit = client as unknown as HookableOctokit;
  const record = (options: RequestOptions, answer: Answer | undefined) => {
    metrics.githubRequest(options.method ?? "GET", formatRoute(options.url ?? "/"), answer?.status ?? 0);
    const remaining = answer?.headers?.["x-ratelimit-remaining"];
    if (remaining !== undefined) metrics.rateLimit(budget, Number(remaining));
  };
  octokit.hook.after("request", (response, options) => record(options, response));
  octokit.hook.error("request", (error, options) => {
    record(options, error.response ?? (typeof error.status === "number" ? error : undefined));
    throw error;
  });
  return client;
}
