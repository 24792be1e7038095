/** Seeded, hostile HTTP requests for the API and the dashboard's sign-in (see api-fuzz.test.ts). */
import type { Random } from "./mutate.js";

export interface FuzzSecrets {
  apiToken: string;
  scopedToken: string;
  password: string;
  sessionSecret: string;
}

export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Over the 1 MB cap: refused before it is read, so the upload may be cut (a reset) rather than answered. */
  oversized?: boolean;
}

const HOSTILE = [
  "",
  "x",
  "a".repeat(5000),
  "<script>alert(1)</script>",
  "'; DROP TABLE board_projects; --",
  "../../../../etc/passwd",
  "%00%ff%zz",
  "\u0000\u0007\u001f",
  "\ud800",
  "🚂".repeat(300),
  "signalbox/e2e",
  "/%09/evil.example",
  "/\t/evil.example",
  "//evil.example",
  "https://evil.example/",
  "javascript:alert(1)",
  "octo-org/fuzzed",
  "git@github.com:octo-org/fuzzed.git",
  "evil/app",
  "c".repeat(40),
  "PASSED",
  "successful",
  "2026-01-01T00:00:00Z",
  "-1",
  "1e309",
  "null",
  "[]",
  "{}",
];
const FIELDS = ["token", "name", "repository", "revision", "status", "status_url", "testcase", "outcome", "item", "context", "when", "limit", "ref_url", "note", "next", "password", "csrf", "__proto__", "constructor"];
const PATHS: Array<[string, string]> = [
  ["POST", "/api/build_status"],
  ["POST", "/api/build/lock"],
  ["POST", "/api/build/unlock"],
  ["DELETE", "/api/projects/{x}"],
  ["POST", "/api/results"],
  ["GET", "/api/results"],
  ["GET", "/api/decision"],
  ["GET", "/api/waivers"],
  ["GET", "/api/repos/{x}/{x}/train"],
  ["POST", "/api/repos/{x}/{x}/releases/{x}/promote"],
  ["GET", "/login"],
  ["POST", "/login"],
  ["POST", "/logout"],
  ["GET", "/"],
  ["GET", "/projects/{x}"],
];
const METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];

/** A path segment; text that cannot be encoded (a lone surrogate) is sent as bad `%` encoding instead. */
function segment(text: string): string {
  try {
    return encodeURIComponent(text).slice(0, 200) || "x";
  } catch {
    return "%ZZ%E0%A4%A";
  }
}

const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

/** One request: a known route (sometimes with the wrong method), hostile fields, any of the ways a token travels. */
export function fuzzRequest(random: Random, secrets: FuzzSecrets): FuzzRequest {
  const [routeMethod, template] = pick(random, PATHS);
  const method = random() < 0.85 ? routeMethod : pick(random, METHODS);
  const path = template.replace(/\{x\}/g, () => segment(pick(random, HOSTILE)));
  const fields: Record<string, string> = {};
  for (let i = Math.floor(random() * 6); i > 0; i--) fields[pick(random, FIELDS)] = pick(random, HOSTILE);
  // Never the right password: a sign-in would answer a redirect, and the run is about refusals.
  if (fields.password === secrets.password) delete fields.password;
  const headers: Record<string, string> = {};
  const token = pick(random, [secrets.apiToken, secrets.scopedToken, "wrong", "", undefined]);
  const where = random();
  if (token !== undefined && where < 0.4) headers.authorization = `Bearer ${token}`;
  else if (token !== undefined && where < 0.7) fields.token = token;
  const query = random() < 0.3 ? `?${new URLSearchParams(fields)}` : token !== undefined && where >= 0.7 ? `?token=${encodeURIComponent(token)}` : "";
  if (random() < 0.2) headers.cookie = pick(random, [`signalbox_session=v2.${"9".repeat(13)}.x.y`, "signalbox_csrf=" + "a".repeat(32), "signalbox_session=", ";;=;"]);
  if (method === "GET" || method === "HEAD") return { method, path: path + query, headers };
  const shape = random();
  if (shape < 0.4) return { method, path: path + query, headers: { ...headers, "content-type": "application/x-www-form-urlencoded" }, body: String(new URLSearchParams(fields)) };
  if (shape < 0.7) return { method, path: path + query, headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify(fields) };
  if (shape < 0.8) return { method, path: path + query, headers: { ...headers, "content-type": "application/json" }, body: "{\"name\": " };
  if (shape < 0.9) return { method, path: path + query, headers: { ...headers, "content-type": pick(random, ["text/xml", "multipart/form-data; boundary=x", "application/json; charset=utf-16"]) }, body: pick(random, HOSTILE) };
  return { method, path: path + query, headers: { ...headers, connection: "close" }, body: "x".repeat(1024 * 1024 + 10), oversized: true };
}
