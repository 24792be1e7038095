/** Liveness and readiness endpoints for load balancers and orchestrators. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Store } from "../store/store.js";

export function healthHandler(store: Store) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const path = (req.url ?? "").split("?")[0];
    if (req.method !== "GET" || (path !== "/healthz" && path !== "/readyz")) return false;
    if (path === "/healthz") return send(res, 200, { status: "ok" });
    try {
      const pending = await store.journal.pendingCount();
      return send(res, 200, { status: "ready", engine: store.engine, pending });
    } catch (error) {
      return send(res, 503, { status: "unavailable", error: error instanceof Error ? error.message : String(error) });
    }
  };
}

function send(res: ServerResponse, status: number, body: object): true {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  return true;
}
