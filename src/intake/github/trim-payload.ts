/**
 * What the journal keeps of a webhook payload. GitHub fills every payload with REST API links
 * (`url`, `hooks_url`, `_links.*.href`, … under the API's base URL): about three quarters of a
 * `pull_request` payload's bytes. signalbox never reads them and each can be rebuilt from the
 * names beside it, so the journal leaves them out; the links people follow (`html_url`,
 * `target_url`, `details_url`, avatars) are not under the API's base URL and stay.
 */

const DEFAULT_API_BASE = "https://api.github.com/";

/**
 * Blanks the payload's API links in place (sets them to `undefined`, which JSON leaves out);
 * everything else (numbers, names, SHAs, other URLs) stays as it came. In place because the
 * payload is this delivery's own parse, read by nothing after the journal, and copying it was
 * five times the cost of this walk.
 */
export function stripApiUrls(payload: Record<string, unknown>): void {
  blankLinks(payload, apiBaseOf(payload));
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

/** A plain recursive loop: this walk runs on every delivery, before it is acknowledged. */
function blankLinks(value: unknown, base: string): void {
  if (Array.isArray(value)) {
    for (const item of value) blankLinks(item, base);
    return;
  }
  if (value === null || typeof value !== "object") return;
  const object = value as Record<string, unknown>;
  for (const key in object) {
    const item = object[key];
    if (typeof item === "string") {
      if (isLinkKey(key) && item.startsWith(base)) object[key] = undefined;
    } else if (item !== null && typeof item === "object") blankLinks(item, base);
  }
}
