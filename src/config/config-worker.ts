/**
 * The worker thread that parses untrusted config files (see parse-config-off-thread.ts). It
 * answers each request with the parse result; a parse that runs too long is ended from outside
 * by terminating this thread.
 */
import { parentPort } from "node:worker_threads";
import { parseConfig } from "./parse-config.js";
import type { ParseRequest, ParseReply } from "./parse-config-off-thread.js";

const port = parentPort;
if (port) {
  port.on("message", (request: ParseRequest) => {
    let reply: ParseReply;
    try {
      reply = { id: request.id, result: parseConfig(request.text, request.options) };
    } catch (error) {
      reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(reply);
  });
  // A first parse warms the parser and the schema up, so the time limit measures only the file.
  parseConfig("pipelines:\n  warm-up:\n    on: pull_request\n    jobs: { j: { status: ci } }\n");
  port.postMessage({ ready: true });
}
