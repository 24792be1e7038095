/**
 * The dashboard's sign-in: GET/POST /login and POST /logout. Only active when WEB_PASSWORD is
 * set; the password travels once in a POST body and is compared in constant time. Failed
 * sign-ins are throttled per client address (login-throttle.ts).
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createSessionSigner, deriveSessionKey, readCookie, sameText, SESSION_COOKIE, SESSION_TTL_MS, sessionCookie, type SessionSigner } from "./auth-session.js";
import { sendHtml } from "./dashboard-http.js";
import { LoginThrottle, type ThrottleRules } from "./login-throttle.js";
import { renderLoginPage } from "./render-page.js";

const MAX_BODY = 8 * 1024;

export interface LoginGate {
  /** Answers /login and /logout; false for other paths. */
  handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean>;
  signedIn(req: IncomingMessage): Promise<boolean>;
  /** The CSRF token a page's forms must carry (set as a cookie when the browser has none). */
  csrf(req: IncomingMessage, res: ServerResponse): string;
}

export interface LoginOptions {
  password: string;
  /** SESSION_SECRET, or the one generated and kept in the store. */
  sessionSecret: () => Promise<string>;
  now: () => Date;
  throttle?: ThrottleRules;
}

const CSRF_COOKIE = "signalbox_csrf";
const CSRF_SHAPE = /^[0-9a-f]{32}$/;

/** Double-submit: a random cookie the page repeats in a hidden field; another site can read neither. */
function csrfToken(req: IncomingMessage, res: ServerResponse): string {
  const existing = readCookie(req, CSRF_COOKIE);
  if (existing && CSRF_SHAPE.test(existing)) return existing;
  const token = randomBytes(16).toString("hex");
  res.appendHeader("set-cookie", `${CSRF_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict`);
  return token;
}

function csrfValid(req: IncomingMessage, form: URLSearchParams): boolean {
  const cookie = readCookie(req, CSRF_COOKIE);
  return cookie !== undefined && CSRF_SHAPE.test(cookie) && sameText(form.get("csrf") ?? "", cookie);
}

/** The signer, derived once (scrypt) and shared; a failure (the store was down) is retried on the next request. */
function lazySigner(options: LoginOptions): () => Promise<SessionSigner> {
  let signer: Promise<SessionSigner> | undefined;
  return () => {
    if (signer === undefined) {
      const derived = options.sessionSecret().then((secret) => deriveSessionKey(options.password, secret)).then(createSessionSigner);
      derived.catch(() => (signer = undefined));
      signer = derived;
    }
    return signer;
  };
}

export function createLoginGate(options: LoginOptions): LoginGate {
  const signer = lazySigner(options);
  const throttle = new LoginThrottle(options.throttle);
  const { now } = options;
  const signedIn = async (req: IncomingMessage) => (await signer()).verify(readCookie(req, SESSION_COOKIE), now());
  return {
    signedIn,
    csrf: csrfToken,
    async handle(req, res, path) {
      if (path === "/login" && req.method === "GET") {
        const next = safeNext(new URL(req.url ?? "/", "http://x").searchParams.get("next"));
        if (await signedIn(req)) return redirect(res, next);
        return sendHtml(res, 200, renderLoginPage({ next, csrf: csrfToken(req, res) }));
      }
      if ((path !== "/login" && path !== "/logout") || req.method !== "POST") return false;
      // 1. the form must come from our own page (CSRF); 2. sign out, or 3. sign in unless throttled.
      const form = await readForm(req);
      const next = safeNext(form?.get("next"));
      if (!form || !csrfValid(req, form)) {
        return sendHtml(res, 403, renderLoginPage({ next, csrf: csrfToken(req, res), error: "This form had expired. Please try again." }));
      }
      if (path === "/logout") {
        res.setHeader("set-cookie", sessionCookie(req, "", 0));
        return redirect(res, "/login");
      }
      return signIn(req, res, form.get("password") ?? "", next);
    },
  };

  async function signIn(req: IncomingMessage, res: ServerResponse, given: string, next: string): Promise<true> {
    const client = req.socket.remoteAddress ?? "unknown";
    const key = await signer();
    // No await between the check and the record: parallel guesses each see the ones before them.
    const attempt = throttle.check(client, now().getTime());
    if (attempt.kind === "locked") return lockedOut(req, res, next, attempt.retryAfterMs);
    if (sameText(given, options.password)) {
      throttle.succeeded(client);
      res.setHeader("set-cookie", sessionCookie(req, key.issue(now()), SESSION_TTL_MS));
      return redirect(res, next);
    }
    const failure = throttle.failed(client, now().getTime());
    if (failure.locked) return lockedOut(req, res, next, failure.retryAfterMs);
    await new Promise((resolve) => setTimeout(resolve, failure.delayMs));
    return sendHtml(res, 401, renderLoginPage({ next, csrf: csrfToken(req, res), error: "Wrong password." }));
  }
}

function lockedOut(req: IncomingMessage, res: ServerResponse, next: string, retryAfterMs: number): true {
  const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
  res.setHeader("retry-after", String(Math.ceil(retryAfterMs / 1000)));
  const error = `Too many wrong passwords from your address. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
  return sendHtml(res, 429, renderLoginPage({ next, csrf: csrfToken(req, res), error }));
}

/**
 * Only paths on this site, so the login form cannot be made to bounce users elsewhere. Browsers
 * drop tabs and newlines from a Location (`/\t/evil.example` becomes `//evil.example`) and read
 * `\` as `/`, so any control character, space or backslash sends the user home; what is left is
 * resolved against a fixed origin and must stay on it and not start with `//`.
 */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || /[\p{Cc}\p{Zs}\\]/u.test(next)) return "/";
  const origin = "http://signalbox.invalid";
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return "/";
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  return url.origin === origin && !path.startsWith("//") ? path : "/";
}

function redirect(res: ServerResponse, location: string): true {
  res.writeHead(303, { location, "cache-control": "no-store" }).end();
  return true;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams | undefined> {
  let body = "";
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > MAX_BODY) return undefined;
  }
  return new URLSearchParams(body);
}
