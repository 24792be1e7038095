/**
 * The one pino logger the process writes with, given to Probot too. It keeps secrets out of the
 * log however a line is built: credential headers are redacted, a request's path is logged
 * without its query string (`?token=` is still accepted by the API), an error carries its
 * webhook delivery's id and name but never its body or signature, and anything shaped like a
 * credential in an error's text is masked.
 */
import { getTransformStream } from "@probot/pino";
import { pino, stdSerializers, type Logger } from "pino";
import { redactSecrets } from "../intake/http/redact.js";

/** Headers that carry credentials, wherever a request or response is logged. */
export const SECRET_HEADERS = ["authorization", "cookie", "set-cookie", "x-hub-signature", "x-hub-signature-256", "proxy-authorization"];

const REDACT_PATHS = [
  ...["req.headers", "res.headers", "headers", "request.headers", "err.headers", "err.request.headers"].flatMap((parent) => SECRET_HEADERS.map((h) => `${parent}["${h}"]`)),
  "req.url",
  "req.query",
];

/** `/api/x?token=s3cret` → `/api/x`; the query string is where deprecated tokens travel. */
export function formatPathForLog(url: string): string {
  const cut = url.search(/[?#]/);
  return cut === -1 ? url : url.slice(0, cut);
}

/** An HTTP access line (`GET /path?query 200 - 3ms`, as Probot writes it) without its query string. */
export function stripQueryFromMessage(message: string): string {
  return message.replace(/^((?:GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS|TRACE|CONNECT) )(\S+)/, (_all, method: string, url: string) => `${method}${formatPathForLog(url)}`);
}

type Serialized = Record<string, unknown>;

/** A webhook event on an error (signature failures carry the whole delivery) shrinks to its id and name. */
function withoutDeliveryBody(error: Serialized): Serialized {
  const { event, aggregateErrors, message, stack, ...rest } = error;
  const delivery = event && typeof event === "object" ? { id: (event as Serialized).id, name: (event as Serialized).name } : undefined;
  return {
    ...rest,
    ...(typeof message === "string" ? { message: redactSecrets(message) } : {}),
    ...(typeof stack === "string" ? { stack: redactSecrets(stack) } : {}),
    ...(delivery ? { event: delivery } : {}),
    ...(Array.isArray(aggregateErrors) ? { aggregateErrors: aggregateErrors.map((e) => withoutDeliveryBody(e as Serialized)) } : {}),
  };
}

export function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  return withoutDeliveryBody(stdSerializers.err(error) as unknown as Serialized);
}

export interface LoggerEnv {
  LOG_LEVEL?: string;
  LOG_FORMAT?: string;
  LOG_LEVEL_IN_STRING?: string;
  LOG_MESSAGE_KEY?: string;
  NODE_ENV?: string;
}

/** Probot's formats (`pretty` for a terminal, `json` in production) with the protections above. */
export async function createLogger(env: LoggerEnv): Promise<Logger> {
  const logFormat = env.LOG_FORMAT ? (env.LOG_FORMAT === "pretty" ? "pretty" : "json") : env.NODE_ENV === "production" ? "json" : "pretty";
  const transform = await getTransformStream({ logFormat, logLevelInString: env.LOG_LEVEL_IN_STRING === "true" });
  transform.pipe(pino.destination(1) as unknown as NodeJS.WritableStream);
  return pino(
    {
      level: env.LOG_LEVEL || "info",
      name: "probot",
      messageKey: env.LOG_MESSAGE_KEY || "msg",
      redact: { paths: REDACT_PATHS, censor: (value, path) => (path.at(-1) === "url" && typeof value === "string" ? formatPathForLog(value) : "[redacted]") },
      serializers: { err: serializeError },
      hooks: {
        logMethod(args, method) {
          const rewritten = args.map((arg) => (typeof arg === "string" ? stripQueryFromMessage(arg) : arg));
          method.apply(this, rewritten as Parameters<typeof method>);
        },
      },
    },
    transform,
  );
}
