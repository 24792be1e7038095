/** The dashboard's page shell and its login form. Pure. */
import { ASSET_VERSION } from "./dashboard-assets.js";
import { escapeHtml } from "./render-html.js";

export interface PageOptions {
  title: string;
  /** Already rendered (escaped) HTML of the board. */
  board: string;
  /** Rendered HTML after the board (e.g. stats). */
  after?: string;
  /** The project a project page shows; live updates for others are ignored. */
  project?: string;
  revisionsPerProject: number;
  /** Shows a sign-out button. */
  signedIn: boolean;
  /** The CSRF token the sign-out form carries. */
  csrf?: string;
}

export function renderPage(opts: PageOptions): string {
  const projectAttr = opts.project === undefined ? "" : ` data-project="${escapeHtml(opts.project)}"`;
  const csrf = `<input type="hidden" name="csrf" value="${escapeHtml(opts.csrf ?? "")}">`;
  const logout = opts.signedIn ? `<form method="post" action="/logout">${csrf}<button type="submit">Sign out</button></form>` : "";
  return shell(opts.title, `<header><h1><a href="/">signalbox</a>${opts.project === undefined ? "" : ` / ${escapeHtml(opts.project)}`}</h1>`
    + `<span id="live" class="live" role="status">connecting…</span>${logout}</header>`
    + `<main id="board" data-revisions="${escapeHtml(opts.revisionsPerProject)}"${projectAttr}>${opts.board}</main>`
    + (opts.after ?? "")
    + `<script src="/dashboard.js?v=${ASSET_VERSION}"></script>`);
}

export function renderLoginPage(opts: { error?: string; next: string; csrf: string }): string {
  const error = opts.error ? `<p class="error" role="alert">${escapeHtml(opts.error)}</p>` : "";
  return shell("Sign in · signalbox", `<form class="login" method="post" action="/login">`
    + `<h1>signalbox</h1>${error}`
    + `<label for="password">Password</label>`
    + `<input id="password" name="password" type="password" autocomplete="current-password" required autofocus>`
    + `<input type="hidden" name="next" value="${escapeHtml(opts.next)}">`
    + `<input type="hidden" name="csrf" value="${escapeHtml(opts.csrf)}">`
    + `<button type="submit">Sign in</button></form>`);
}

function shell(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">`
    + `<meta name="viewport" content="width=device-width, initial-scale=1">`
    + `<title>${escapeHtml(title)}</title>`
    + `<link rel="stylesheet" href="/dashboard.css?v=${ASSET_VERSION}">`
    + `</head><body>${body}</body></html>`;
}
