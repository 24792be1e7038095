/**
 * `GET /metrics`: the Prometheus text exposition of this replica's metrics. Open by default (it
 * carries no repository names or secrets); with METRICS_TOKEN set it wants
 * `Authorization: Bearer <token>`.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { tokenMatches } from "../intake/http/read-request.js";
import type { Metrics } from "../metrics/metrics.js";

export function metricsHandler(metrics: Metrics, token: string | undefined) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if ((req.url ?? "").split("?")[0] !== "/metrics") return false;
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain" }).end("GET /metrics only\n");
      return true;
    }
    if (token !== undefined && !bearerMatches(req, token)) {
      res.writeHead(401, { "www-authenticate": 'Bearer realm="signalbox metrics"', "content-type": "text/plain" }).end("send Authorization: Bearer <METRICS_TOKEN>\n");
      return true;
    }
    const body = await metrics.render();
    res.writeHead(200, { "content-type": metrics.registry.contentType }).end(req.method === "HEAD" ? undefined : body);
    return true;
  };
}

function bearerMatches(req: IncomingMessage, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
  return match !== null && tokenMatches(match[1]!, token);
}
