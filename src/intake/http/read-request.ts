/**
 * Reads an API request's fields the way joakimk/pipeline's Rails did: query parameters merged with
 * a form (urlencoded or multipart, as `curl -d` and `curl -F` send) or JSON body, the body winning.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Fields } from "../../core/board-api/parse-request.js";

/** Bodies above 1 MB are refused before they are read to the end. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** A request the caller must fix: its status, what is wrong, and which field (or "body") it concerns. */
export class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field = "body",
    /** For a 5xx: what went wrong upstream, for the log only (never sent to the caller). */
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
  }
}

export async function readFields(req: IncomingMessage, url: URL): Promise<Fields> {
  const query: Fields = Object.fromEntries(url.searchParams);
  const body = await readBody(req);
  if (body.length === 0) return query;
  return { ...query, ...(await parseBody(body, req.headers["content-type"] ?? "")) };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

const tooLarge = () => new RequestError(413, `request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB`);

async function parseBody(body: Buffer, contentType: string): Promise<Fields> {
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  if (type === "application/json" || type.endsWith("+json")) return parseJson(body);
  // curl --data without a content type is still a form, as Rails read it.
  if (type === "" || type === "application/x-www-form-urlencoded") return Object.fromEntries(new URLSearchParams(body.toString("utf8")));
  if (type === "multipart/form-data") return parseMultipart(body, contentType);
  throw new RequestError(415, `unsupported content type ${type}: send a form or JSON`, "content-type");
}

function parseJson(body: Buffer): Fields {
  let value: unknown;
  try {
    value = JSON.parse(body.toString("utf8"));
  } catch (error) {
    throw new RequestError(400, `malformed JSON body: ${(error as Error).message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new RequestError(400, "the JSON body must be an object of fields");
  }
  return value as Fields;
}

async function parseMultipart(body: Buffer, contentType: string): Promise<Fields> {
  try {
    const form = await new Response(body, { headers: { "content-type": contentType } }).formData();
    const fields: Fields = {};
    form.forEach((value, key) => (fields[key] = typeof value === "string" ? value : undefined));
    return fields;
  } catch {
    throw new RequestError(400, "malformed multipart form body");
  }
}

/** The caller's token: `Authorization: Bearer`, else the `token` field (body, then query). */
export function tokenOf(req: IncomingMessage, fields: Fields): string | undefined {
  const bearer = bearerOf(req);
  if (bearer) return bearer;
  return typeof fields.token === "string" && fields.token !== "" ? fields.token : undefined;
}

/** The token of an `Authorization: Bearer` header, if the request has one. */
export function bearerOf(req: IncomingMessage): string | undefined {
  return req.headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim() || undefined;
}

/** Constant time: compares digests of equal length, so neither content nor length leaks. */
export function tokenMatches(given: string, expected: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();
  return timingSafeEqual(digest(given), digest(expected));
}
