/**
 * The dashboard's sign-in: GET/POST /login and POST /logout. Only active when WEB_PASSWORD is
 * set; the password travels once in a POST body and is compared in constant time.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createSessionSigner, readCookie, sameText, SESSION_COOKIE, SESSION_TTL_MS, sessionCookie } from "./auth-session.js";
import { sendHtml } from "./dashboard-http.js";
import { renderLoginPage } from "./render-page.js";

const MAX_BODY = 8 * 1024;

export interface LoginGate {
  /** Answers /login and /logout; false for other paths. */
  handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean>;
  signedIn(req: IncomingMessage): boolean;
  /** The CSRF token a page's forms must carry (set as a cookie when the browser has none). */
  csrf(req: IncomingMessage, res: ServerResponse): string;
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

export function createLoginGate(password: string, now: () => Date): LoginGate {
  const signer = createSessionSigner(password);
  const signedIn = (req: IncomingMessage) => signer.verify(readCookie(req, SESSION_COOKIE), now());
  return {
    signedIn,
    csrf: csrfToken,
    async handle(req, res, path) {
      if (path === "/login" && req.method === "GET") {
        const next = safeNext(new URL(req.url ?? "/", "http://x").searchParams.get("next"));
        if (signedIn(req)) return redirect(res, next);
        return sendHtml(res, 200, renderLoginPage({ next, csrf: csrfToken(req, res) }));
      }
      if ((path !== "/login" && path !== "/logout") || req.method !== "POST") return false;
      // 1. the form must come from our own page (CSRF); 2. sign in or out.
      const form = await readForm(req);
      const next = safeNext(form?.get("next"));
      if (!form || !csrfValid(req, form)) {
        return sendHtml(res, 403, renderLoginPage({ next, csrf: csrfToken(req, res), error: "This form had expired. Please try again." }));
      }
      if (path === "/logout") {
        res.setHeader("set-cookie", sessionCookie(req, "", 0));
        return redirect(res, "/login");
      }
      if (!sameText(form.get("password") ?? "", password)) {
        return sendHtml(res, 401, renderLoginPage({ next, csrf: csrfToken(req, res), error: "Wrong password." }));
      }
      res.setHeader("set-cookie", sessionCookie(req, signer.issue(now()), SESSION_TTL_MS));
      return redirect(res, next);
    },
  };
}

/** Only same-site paths, so the login form cannot be made to bounce users elsewhere. */
export function safeNext(next: string | null | undefined): string {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.includes("\\") ? next : "/";
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
