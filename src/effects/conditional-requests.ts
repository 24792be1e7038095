/**
 * Conditional GETs: every successful GET's ETag and answer are kept (per installation, bounded),
 * and the same GET is sent again with If-None-Match. GitHub answers 304 when nothing changed,
 * and a 304 is not counted against the rate limit, so re-reading an unchanged config, tag list,
 * permission or release costs nothing. A 304 only ever returns what GitHub itself confirmed is
 * current, so this never serves stale data.
 */
import type { ProbotOctokit } from "probot";

type Octokit = InstanceType<typeof ProbotOctokit>;

interface CachedResponse {
  etag: string;
  response: { status: number; url: string; headers: Record<string, unknown>; data: unknown };
  size: number;
}

/** Answers larger than this are not kept: one would crowd out hundreds of small ones. */
const MAX_ENTRY_CHARS = 512 * 1024;

/** A least-recently-used store of GET answers by request, bounded by their total size. */
export class ConditionalCache {
  private readonly entries = new Map<string, CachedResponse>();
  private size = 0;
  /** How many requests GitHub answered 304 (and so did not count against the rate limit). */
  notModified = 0;

  constructor(private readonly maxChars = 16 * 1024 * 1024) {}

  get(key: string): CachedResponse | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  set(key: string, etag: string, response: CachedResponse["response"]): void {
    const size = key.length + JSON.stringify(response.data ?? null).length;
    this.delete(key);
    if (size > MAX_ENTRY_CHARS) return;
    this.entries.set(key, { etag, response, size });
    this.size += size;
    for (const [oldest, entry] of this.entries) {
      if (this.size <= this.maxChars) break;
      this.entries.delete(oldest);
      this.size -= entry.size;
    }
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.size -= entry.size;
  }
}

/** Makes `octokit`'s GETs conditional, keyed by `scope` (the installation) and the request. */
export function withConditionalRequests<T extends Octokit>(octokit: T, cache: ConditionalCache, scope: string): T {
  octokit.hook.wrap("request", async (request, options) => {
    if (String(options.method).toUpperCase() !== "GET") return request(options);
    const { url, headers } = octokit.request.endpoint.parse(options);
    const key = `${scope} ${url} ${String(headers.accept ?? "")}`;
    const cached = cache.get(key);
    // Octokit's hooks all share one options object: a header must be set on it, not on a copy.
    if (cached) options.headers["if-none-match"] = cached.etag;
    try {
      const response = await request(options);
      const etag = response.headers.etag;
      if (response.status === 200 && typeof etag === "string") {
        cache.set(key, etag, { status: 200, url: response.url, headers: { ...response.headers }, data: structuredClone(response.data) });
      }
      return response;
    } catch (error) {
      if (!cached || (error as { status?: unknown }).status !== 304) throw error;
      cache.notModified++;
      // Copies both ways: callers may change what they are given, and the cache must stay as GitHub said.
      return { ...cached.response, headers: { ...cached.response.headers }, data: structuredClone(cached.response.data) } as never;
    }
  });
  return octokit;
}
