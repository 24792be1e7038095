/**
 * The board's dashboard: GET / (every project), GET /projects/:name, GET /events (live
 * changes), the login routes and the two static assets. Server-rendered, escaped HTML.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Release } from "../core/board/index.js";
import type { Settings } from "../settings.js";
import type { BoardFeed, BoardStore, Project } from "../store/board-store.js";
import { createLoginGate, type LoginGate } from "./auth-login.js";
import { DASHBOARD_CSS, DASHBOARD_JS } from "./dashboard-assets.js";
import { serveEvents } from "./dashboard-events.js";
import { StreamCounter, type StreamLimits } from "./event-stream-limits.js";
import { sendHtml, sendText } from "./dashboard-http.js";
import { INDEX_REVISIONS, loadIndexViews, loadProjectView, loadStats, PROJECT_REVISIONS, revisionsParam, type ViewContext } from "./dashboard-views.js";
import { renderBoard, renderProjectSection } from "./render-board.js";
import { renderPage } from "./render-page.js";
import type { ThrottleRules } from "./login-throttle.js";
import { decideProjectShown, type ProjectVisibility } from "./repo-visibility.js";
import type { RouteHandler } from "../intake/http/route-types.js";

export interface DashboardDeps {
  board: BoardStore;
  feed: BoardFeed;
  settings: Pick<Settings, "webPassword" | "buildTimeoutMinutes">;
  now: () => Date;
  log: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /** A project's release tags (none until the release train records them). */
  releases?: (project: Project) => Promise<Release[]>;
  /** SSE heartbeat; 15 s unless a test wants it faster. */
  heartbeatMs?: number;
  /** Caps on open event streams (SSE_CONNECTIONS_PER_CLIENT, SSE_CONNECTIONS_TOTAL); defaults otherwise. */
  eventStreams?: StreamLimits;
  /** SESSION_SECRET, or the one generated at first start and kept in the store. */
  sessionSecret: () => Promise<string>;
  /** Whether a project's repository is public; a public dashboard hides the others. */
  visibility: (project: Project) => Promise<ProjectVisibility>;
  /** Failed sign-in throttling; the defaults unless a test wants it faster. */
  loginThrottle?: ThrottleRules;
}

const ASSETS: Record<string, { type: string; body: string }> = {
  "/dashboard.css": { type: "text/css; charset=utf-8", body: DASHBOARD_CSS },
  "/dashboard.js": { type: "text/javascript; charset=utf-8", body: DASHBOARD_JS },
};

export function dashboardRoutes(deps: DashboardDeps): RouteHandler {
  const password = deps.settings.webPassword;
  const gate = password ? createLoginGate({ password, sessionSecret: deps.sessionSecret, now: deps.now, throttle: deps.loginThrottle }) : undefined;
  if (!gate) deps.log.warn({}, "WEB_PASSWORD is not set: the dashboard is public; projects of private GitHub repositories are hidden");
  const streams = new StreamCounter(deps.eventStreams);
  return async (req, res) => {
    const url = new URL(req.url ?? "/", "http://dashboard.invalid");
    const path = url.pathname;
    const asset = ASSETS[path];
    if (asset && isRead(req)) return sendText(res, 200, asset.body, { "content-type": asset.type, "cache-control": "public, max-age=31536000, immutable" });
    if (path === "/login" || path === "/logout") return gate ? gate.handle(req, res, path) : redirectHome(res);
    if (!isRead(req) || !ownsPath(path)) return false;
    if (gate && !(await gate.signedIn(req))) return refuse(req, res, url);
    try {
      return await serve(deps, gate, streams, req, res, url);
    } catch (error) {
      deps.log.error({ err: error, path }, "dashboard request failed");
      if (!res.headersSent) sendText(res, 500, "The dashboard could not be rendered; see the server log.");
      return true;
    }
  };
}

function isRead(req: IncomingMessage): boolean {
  return req.method === "GET" || req.method === "HEAD";
}

function ownsPath(path: string): boolean {
  return path === "/" || path === "/events" || /^\/projects\/[^/]+$/.test(path);
}

/** Whether the dashboard may show the project: everything behind a password, public repositories only without one. */
async function shows(deps: DashboardDeps, gate: LoginGate | undefined, project: Project): Promise<boolean> {
  return gate !== undefined || decideProjectShown(await deps.visibility(project), true);
}

async function serve(deps: DashboardDeps, gate: LoginGate | undefined, streams: StreamCounter, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  if (url.pathname === "/events") {
    if (req.method === "HEAD") return sendText(res, 200, "", { "content-type": "text/event-stream" });
    const admission = streams.admit(req.socket.remoteAddress ?? "unknown");
    if (admission.kind === "refuse") return sendText(res, admission.status, admission.message, { "retry-after": "30" });
    res.once("close", admission.release);
    const named = async (name: string) => {
      const project = await deps.board.findProject(name);
      return project === undefined ? gate !== undefined : shows(deps, gate, project);
    };
    serveEvents(req, res, deps.feed, deps.heartbeatMs, gate ? undefined : named);
    return true;
  }
  const ctx: ViewContext = { board: deps.board, now: deps.now(), buildTimeoutMinutes: deps.settings.buildTimeoutMinutes };
  const fragment = url.searchParams.get("fragment");
  if (url.pathname === "/") {
    const views = await loadIndexViews(ctx, INDEX_REVISIONS);
    const shown = await Promise.all(views.map((view) => shows(deps, gate, view.project)));
    const html = renderBoard(views.filter((_view, i) => shown[i]), ctx.now);
    if (fragment === "board") return sendHtml(res, 200, html);
    return sendHtml(res, 200, renderPage({ title: "signalbox", board: html, revisionsPerProject: INDEX_REVISIONS, signedIn: gate !== undefined, csrf: gate?.csrf(req, res) }));
  }
  return serveProject(deps, ctx, gate, req, res, url);
}

async function serveProject(deps: DashboardDeps, ctx: ViewContext, gate: LoginGate | undefined, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  const name = decodeName(url.pathname.slice("/projects/".length));
  const project = name === undefined ? undefined : await deps.board.findProject(name);
  // A hidden project answers like a missing one, so its name cannot be confirmed either.
  if (!project || !(await shows(deps, gate, project))) return sendText(res, 404, "No such project.");
  const fragment = url.searchParams.get("fragment");
  const limit = revisionsParam(url.searchParams.get("revisions"), PROJECT_REVISIONS);
  const section = renderProjectSection(await loadProjectView(ctx, project, limit), ctx.now);
  if (fragment === "project" || fragment === "board") return sendHtml(res, 200, section);
  const releases = deps.releases ? await deps.releases(project) : [];
  const stats = await loadStats(ctx, project, releases);
  return sendHtml(res, 200, renderPage({ title: `${project.name} · signalbox`, board: section, after: stats, project: project.name, revisionsPerProject: limit, signedIn: gate !== undefined, csrf: gate?.csrf(req, res) }));
}

function decodeName(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** Pages send people to the login form; fragments and the event stream answer 401 for the script. */
function refuse(req: IncomingMessage, res: ServerResponse, url: URL): true {
  const wantsPage = url.pathname !== "/events" && !url.searchParams.has("fragment");
  if (!wantsPage) return sendText(res, 401, "Sign in at /login.");
  res.writeHead(303, { location: `/login?next=${encodeURIComponent(url.pathname)}`, "cache-control": "no-store" }).end();
  return true;
}

function redirectHome(res: ServerResponse): true {
  res.writeHead(303, { location: "/" }).end();
  return true;
}
