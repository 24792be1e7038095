/**
 * What the journal keeps of a webhook payload. GitHub fills every payload with REST API links
 * (`url`, `hooks_url`, `_links.*.href`, … under the API's base URL): about three quarters of a
 * `pull_request` payload's bytes. signalbox never reads them and each can be rebuilt from the
 * names beside it, so the journal leaves them out; the links people follow (`html_url`,
 * `target_url`, `details_url`, avatars) are not under the API's base URL and stay.
 */

const DEFAULT_API_BASE = "https://api.github.com/";

/** The payload without API links; everything else (numbers, names, SHAs, other URLs) as it came. */
export function trimApiUrls(payload: Record<string, unknown>): Record<string, unknown> {
  const base = apiBaseOf(payload);
  return copyWithout(payload, (key, value) => isLinkKey(key) && value.startsWith(base)) as Record<string, unknown>;
}

/** `https://api.github.com/`, or GitHub Enterprise Server's `https://host/api/v3/`, read from the repository's own API link. */
function apiBaseOf(payload: Record<string, unknown>): string {
  const url = (payload.repository as { url?: unknown } | null | undefined)?.url;
  if (typeof url !== "string") return DEFAULT_API_BASE;
  const at = url.indexOf("/repos/");
  return at > "https://".length ? url.slice(0, at + 1) : DEFAULT_API_BASE;
}

function isLinkKey(key: string): boolean {
  return key === "url" || key === "href" || key.endsWith("_url");
}

function copyWithout(value: unknown, drop: (key: string, value: string) => boolean): unknown {
  if (Array.isArray(value)) return value.map((item) => copyWithout(item, drop));
  if (value === null || typeof value !== "object") return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item === "string" && drop(key, item)) continue;
    copy[key] = copyWithout(item, drop);
  }
  return copy;
}
