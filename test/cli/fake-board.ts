/** A tiny board API on 127.0.0.1 that records every request and answers from a script. */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface Answer {
  status: number;
  body?: unknown;
}

export interface FakeBoard {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** `answer` gets each request and its 0-based index; the default answers 200 `{}`. */
export async function startFakeBoard(answer: (request: RecordedRequest, index: number) => Answer = () => ({ status: 200, body: {} })): Promise<FakeBoard> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // recorded as text
      }
      const recorded = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body };
      requests.push(recorded);
      const { status, body: out } = answer(recorded, requests.length - 1);
      res.writeHead(status, { "content-type": "application/json" });
      res.end(out === undefined ? "" : JSON.stringify(out));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Collects what the CLI writes. */
export function capture() {
  let text = "";
  return { write: (chunk: string) => (text += chunk), get text() { return text; } };
}
