/**
 * Which installation covers a repository the board hears about, cached for a few minutes ("not
 * installed" too) so a busy CI does not cost a GitHub call per build. One cache per AppPort: the
 * board API (results) and the board outbox (commit statuses) share it.
 */
import type { AppPort } from "./github-port.js";

const TTL_MS = 5 * 60_000;
const caches = new WeakMap<AppPort, Map<string, { id: number | null; until: number }>>();

export async function cachedInstallationId(app: AppPort, owner: string, repo: string, nowMs: number): Promise<number | null> {
  let cache = caches.get(app);
  if (!cache) caches.set(app, (cache = new Map()));
  const key = `${owner}/${repo}`.toLowerCase();
  const cached = cache.get(key);
  if (cached && cached.until > nowMs) return cached.id;
  const id = await app.findInstallationId(owner, repo);
  cache.set(key, { id, until: nowMs + TTL_MS });
  return id;
}
