/**
 * Dashboard sessions: an HMAC-signed, expiring token in an HttpOnly cookie. The key is derived
 * with scrypt from WEB_PASSWORD and SESSION_SECRET, so sessions survive restarts, and changing
 * either the password or the secret signs everyone out. A leaked cookie does not help guess the
 * password: the key costs a full scrypt per guess. Nothing derived from the password alone is
 * ever sent to the browser.
 */
import { createHash, createHmac, randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

export const SESSION_COOKIE = "signalbox_session";
export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;

export interface SessionSigner {
  /** A new session token valid until now + SESSION_TTL_MS. */
  issue(now: Date): string;
  verify(token: string | undefined, now: Date): boolean;
}

/** The signing key of sessions: scrypt(password, SESSION_SECRET), about 50 ms, once per process. */
export function deriveSessionKey(password: string, secret: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, `signalbox dashboard session v2:${secret}`, 32, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export function createSessionSigner(key: Buffer): SessionSigner {
  const mac = (body: string) => createHmac("sha256", key).update(body).digest("base64url");
  return {
    issue(now) {
      const body = `v2.${now.getTime() + SESSION_TTL_MS}.${randomBytes(12).toString("base64url")}`;
      return `${body}.${mac(body)}`;
    },
    verify(token, now) {
      const parts = token?.split(".") ?? [];
      if (parts.length !== 4 || parts[0] !== "v2") return false;
      const body = parts.slice(0, 3).join(".");
      if (!sameText(mac(body), parts[3] ?? "")) return false;
      const expires = Number(parts[1]);
      return Number.isFinite(expires) && expires > now.getTime();
    },
  };
}

/** Constant-time comparison of two strings of any length (both are hashed first). */
export function sameText(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

export function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

/** Secure when the request came over TLS, directly or through a proxy that says so. */
export function sessionCookie(req: IncomingMessage, value: string, maxAgeMs: number): string {
  const tls = (req.socket as { encrypted?: boolean }).encrypted === true || String(req.headers["x-forwarded-proto"] ?? "").startsWith("https");
  const attrs = [`${SESSION_COOKIE}=${value}`, "Path=/", "HttpOnly", "SameSite=Lax", `Max-Age=${Math.floor(maxAgeMs / 1000)}`];
  if (tls) attrs.push("Secure");
  return attrs.join("; ");
}
