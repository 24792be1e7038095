/**
 * Pure checks of the board API's input (joakimk/pipeline's fields). Each failure names the field,
 * so a CI script's author sees which variable their script got wrong.
 */
import { z } from "zod";
import type { BuildReport, LockRequest } from "../board/types.js";

export type Fields = Record<string, unknown>;
export type Parsed<T> = { kind: "ok"; value: T } | { kind: "invalid"; field: string; error: string };

// Control characters would garble logs and the board; "<script>" is fine (escaped on display).
const CONTROL = /\p{Cc}/u;
const blankAsMissing = (value: unknown) => (value === "" ? undefined : value);
const text = (field: string, max: number) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `${field} is required` : `${field} must be a string`) })
    .min(1, `${field} is required`)
    .max(max, `${field} must be at most ${max} characters`)
    .refine((v) => !CONTROL.test(v), `${field} must not contain control characters`);

const revision = z
  .string({ error: "revision is required" })
  .trim()
  .toLowerCase()
  .regex(/^[0-9a-f]{40}$/, "revision must be a 40-character hexadecimal commit SHA");

const statusUrl = z.preprocess(
  blankAsMissing,
  z
    .url({ protocol: /^https?$/, error: "status_url must be an http(s) URL" })
    .max(2000, "status_url must be at most 2000 characters")
    .optional(),
);

const buildStatusSchema = z.object({
  name: text("name", 100),
  repository: text("repository", 500),
  revision,
  status: z.enum(["building", "successful", "failed"], { error: "status must be building, successful or failed" }),
  status_url: statusUrl,
});

// Lock revisions are any text: joakimk's own clients and tests lock names like "old_revision".
const lockSchema = z.object({
  name: text("name", 100),
  repository: text("repository", 500),
  revision: text("revision", 200).transform((v) => (/^[0-9a-fA-F]{40}$/.test(v) ? v.toLowerCase() : v)),
});

function firstIssue(error: z.ZodError): { field: string; error: string } {
  const issue = error.issues[0];
  return { field: String(issue?.path[0] ?? "body"), error: issue?.message ?? "invalid request" };
}

export function parseBuildReport(fields: Fields): Parsed<BuildReport> {
  const parsed = buildStatusSchema.safeParse(fields);
  if (!parsed.success) return { kind: "invalid", ...firstIssue(parsed.error) };
  const { name, repository, revision: hash, status, status_url } = parsed.data;
  return { kind: "ok", value: { name, repository, revision: hash, status, statusUrl: status_url ?? null } };
}

export function parseLockRequest(fields: Fields): Parsed<LockRequest> {
  const parsed = lockSchema.safeParse(fields);
  return parsed.success ? { kind: "ok", value: parsed.data } : { kind: "invalid", ...firstIssue(parsed.error) };
}
