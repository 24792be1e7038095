/**
 * The dashboard's sign-in: GET/POST /login and POST /logout. Only active when WEB_PASSWORD is
 * set; the password travels once in a POST body and is compared in constant time.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { createSessionSigner, readCookie, sameText, SESSION_COOKIE, SESSION_TTL_MS, sessionCookie } from "./auth-session.js";
import { sendHtml } from "./dashboard-http.js";
import { renderLoginPage } from "./render-page.js";

const MAX_BODY = 8 * 1024;

export interface LoginGate {
  /** Answers /login and /logout; false for other paths. */
  handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean>;
  signedIn(req: IncomingMessage): boolean;
}

export function createLoginGate(password: string, now: () => Date): LoginGate {
  const signer = createSessionSigner(password);
  const signedIn = (req: IncomingMessage) => signer.verify(readCookie(req, SESSION_COOKIE), now());
  return {
    signedIn,
    async handle(req, res, path) {
      if (path === "/login" && req.method === "GET") {
        const next = safeNext(new URL(req.url ?? "/", "http://x").searchParams.get("next"));
        if (signedIn(req)) return redirect(res, next);
        return sendHtml(res, 200, renderLoginPage({ next }));
      }
      if (path === "/login" && req.method === "POST") {
        const form = await readForm(req);
        const next = safeNext(form?.get("next"));
        if (!form || !sameText(form.get("password") ?? "", password)) {
          return sendHtml(res, 401, renderLoginPage({ next, error: "Wrong password." }));
        }
        res.setHeader("set-cookie", sessionCookie(req, signer.issue(now()), SESSION_TTL_MS));
        return redirect(res, next);
      }
      if (path === "/logout" && req.method === "POST") {
        res.setHeader("set-cookie", sessionCookie(req, "", 0));
        return redirect(res, "/login");
      }
      return false;
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
