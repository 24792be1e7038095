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
import { sendHtml, sendText } from "./dashboard-http.js";
import { INDEX_REVISIONS, loadIndexViews, loadProjectView, loadStats, PROJECT_REVISIONS, revisionsParam, type ViewContext } from "./dashboard-views.js";
import { renderBoard, renderProjectSection } from "./render-board.js";
import { renderPage } from "./render-page.js";
import type { RouteHandler } from "./routes.js";

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
}

const ASSETS: Record<string, { type: string; body: string }> = {
  "/dashboard.css": { type: "text/css; charset=utf-8", body: DASHBOARD_CSS },
  "/dashboard.js": { type: "text/javascript; charset=utf-8", body: DASHBOARD_JS },
};

export function dashboardRoutes(deps: DashboardDeps): RouteHandler {
  const gate = deps.settings.webPassword ? createLoginGate(deps.settings.webPassword, deps.now) : undefined;
  if (!gate) deps.log.warn({}, "WEB_PASSWORD is not set: the dashboard is public");
  return async (req, res) => {
    const url = new URL(req.url ?? "/", "http://dashboard.invalid");
    const path = url.pathname;
    const asset = ASSETS[path];
    if (asset && isRead(req)) return sendText(res, 200, asset.body, { "content-type": asset.type, "cache-control": "public, max-age=31536000, immutable" });
    if (path === "/login" || path === "/logout") return gate ? gate.handle(req, res, path) : redirectHome(res);
    if (!isRead(req) || !ownsPath(path)) return false;
    if (gate && !gate.signedIn(req)) return refuse(req, res, url);
    try {
      return await serve(deps, gate, req, res, url);
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

async function serve(deps: DashboardDeps, gate: LoginGate | undefined, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  if (url.pathname === "/events") {
    if (req.method === "HEAD") return sendText(res, 200, "", { "content-type": "text/event-stream" });
    serveEvents(req, res, deps.feed, deps.heartbeatMs);
    return true;
  }
  const ctx: ViewContext = { board: deps.board, now: deps.now(), buildTimeoutMinutes: deps.settings.buildTimeoutMinutes };
  const fragment = url.searchParams.get("fragment");
  if (url.pathname === "/") {
    const html = renderBoard(await loadIndexViews(ctx, INDEX_REVISIONS), ctx.now);
    if (fragment === "board") return sendHtml(res, 200, html);
    return sendHtml(res, 200, renderPage({ title: "signalbox", board: html, revisionsPerProject: INDEX_REVISIONS, signedIn: gate !== undefined, csrf: gate?.csrf(req, res) }));
  }
  return serveProject(deps, ctx, gate, req, res, url);
}

async function serveProject(deps: DashboardDeps, ctx: ViewContext, gate: LoginGate | undefined, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  const name = decodeName(url.pathname.slice("/projects/".length));
  const project = name === undefined ? undefined : await deps.board.findProject(name);
  if (!project) return sendText(res, 404, "No such project.");
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
