/** A loopback HTTP server around a route handler (404 for what it does not own), restartable on its port. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { RouteHandler } from "../../src/intake/http/route-types.js";

export interface TestServer {
  url: string;
  port: number;
  /** Drops every connection (open event streams too) and stops listening. */
  close(): Promise<void>;
}

export async function serveDashboard(handler: RouteHandler, port = 0): Promise<TestServer> {
  const server: Server = createServer((req, res) => {
    handler(req, res).then(
      (handled) => handled || res.writeHead(404).end("not found"),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
