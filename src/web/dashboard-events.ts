/**
 * GET /events: server-sent events telling open dashboards which project changed. A heartbeat
 * (a comment for proxies, a `ping` event for the page's watchdog) keeps idle connections open;
 * the feed subscription ends with the connection.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { BoardFeed } from "../store/board-store.js";
import { securityHeaders } from "./dashboard-http.js";

export const HEARTBEAT_MS = 15_000;
/** A client this far behind is dropped; it reconnects and refreshes everything. */
const MAX_BUFFERED = 1024 * 1024;

/** `shows`: whether this client may hear of a project (a public dashboard hides private ones); all when absent. */
export function serveEvents(req: IncomingMessage, res: ServerResponse, feed: BoardFeed, heartbeatMs = HEARTBEAT_MS, shows?: (projectName: string) => Promise<boolean>): void {
  // 1. Open the stream and say hello (the page learns the heartbeat and refreshes after a gap).
  res.writeHead(200, {
    ...securityHeaders(),
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache, no-transform",
    connection: "keep-alive",
    "x-accel-buffering": "no",
  });
  req.socket.setNoDelay(true);
  const send = (text: string) => {
    if (res.writableLength > MAX_BUFFERED) res.destroy();
    else res.write(text);
  };
  send(`event: hello\ndata: ${JSON.stringify({ heartbeatMs })}\n\n`);
  // 2. Forward changes; JSON keeps any name on one `data:` line.
  const forward = (change: { projectName: string; removed: boolean }) => send(`event: change\ndata: ${JSON.stringify({ projectName: change.projectName, removed: change.removed })}\n\n`);
  const unsubscribe = feed.subscribe((change) => {
    if (!shows) return forward(change);
    void shows(change.projectName).then((ok) => ok && !closed && forward(change), () => undefined);
  });
  // 3. Heartbeat until the connection ends, then clean up once.
  const timer = setInterval(() => send(": heartbeat\nevent: ping\ndata: 1\n\n"), heartbeatMs);
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(timer);
    unsubscribe();
  };
  req.on("close", close);
  res.on("close", close);
}
