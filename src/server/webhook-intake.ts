/**
 * What the webhook endpoint checks before Probot verifies a delivery: the event name is one
 * GitHub sends (signalbox's own entries, `signalbox.*`, are journaled by signalbox only), and the
 * body is at most GitHub's own 25 MB. The body is counted while it streams, so an oversized one
 * is refused without being held in memory.
 */
import type { IncomingMessage } from "node:http";

/** GitHub caps webhook payloads at 25 MB. */
export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;

const INTERNAL_EVENT_PREFIX = "signalbox.";

export type WebhookIntake = { kind: "read" } | { kind: "refuse"; status: 400 | 413; error: string };

export function decideWebhookIntake(headers: { event: string | undefined; contentLength: string | undefined }, maxBytes = MAX_WEBHOOK_BYTES): WebhookIntake {
  if (headers.event?.toLowerCase().startsWith(INTERNAL_EVENT_PREFIX)) {
    return { kind: "refuse", status: 400, error: `x-github-event ${headers.event} is not a GitHub event` };
  }
  if (headers.contentLength !== undefined && Number(headers.contentLength) > maxBytes) return tooLarge(maxBytes);
  return { kind: "read" };
}

export function tooLarge(maxBytes = MAX_WEBHOOK_BYTES): WebhookIntake & { kind: "refuse" } {
  return { kind: "refuse", status: 413, error: `webhook body is larger than ${maxBytes / 1024 / 1024} MB` };
}

/**
 * The body, or undefined as soon as it passes `maxBytes`: what was read so far is dropped, and the
 * rest is left unread (not destroyed, so the caller can still answer on the connection).
 */
export function readCappedBody(req: IncomingMessage, maxBytes = MAX_WEBHOOK_BYTES): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      req.pause();
      req.off("data", onData).off("end", onEnd).off("error", reject);
      chunks.length = 0;
      resolve(undefined);
    };
    const onEnd = () => resolve(Buffer.concat(chunks));
    req.on("data", onData).on("end", onEnd).on("error", reject);
  });
}

/**
 * Hands the body read here to Probot's webhook middleware, which uses a request's `rawBody`
 * instead of reading the stream again (the signature is checked over these exact bytes).
 */
export function attachRawBody(req: IncomingMessage, body: Buffer): void {
  Object.assign(req, { body: {}, rawBody: body });
}
