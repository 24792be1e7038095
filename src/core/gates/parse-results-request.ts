/**
 * Pure checks of the results API's input. Each failure names the field. Hostile text (HTML,
 * quotes) is kept verbatim: the API only ever answers JSON, and check runs escape it.
 */
import { z } from "zod";
import type { Fields, Parsed } from "../board-api/parse-request.js";
import { parsePolicyTime } from "./policy-window.js";
import { OUTCOMES, type Outcome } from "./types.js";

export interface RepoName {
  owner: string;
  repo: string;
}

export interface ResultReport extends RepoName {
  testcase: string;
  outcome: Outcome;
  /** A commit SHA or a tag name, as given (the API resolves it). */
  item: string;
  refUrl: string | null;
  note: string | null;
}

// Control characters garble logs and PostgreSQL refuses NUL; notes may keep line breaks and tabs.
const CONTROL = /\p{Cc}/u;
const CONTROL_BUT_LINES = /[^\P{Cc}\n\r\t]/u;
const blankAsMissing = (value: unknown) => (value === "" ? undefined : value);
const required = (field: string) => ({ error: (issue: { input: unknown }) => (issue.input === undefined ? `${field} is required` : `${field} must be a string`) });
const text = (field: string, max: number) =>
  z
    .string(required(field))
    .min(1, `${field} is required`)
    .max(max, `${field} must be at most ${max} characters`)
    .refine((v) => !CONTROL.test(v), `${field} must not contain control characters`);

const repository = z
  .string(required("repository"))
  .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'repository must be "owner/name"')
  .transform((v) => {
    const [owner, repo] = v.split("/") as [string, string];
    return { owner, repo };
  });

const outcome = z
  .string(required("outcome"))
  .transform((v) => v.trim().toUpperCase())
  .pipe(z.enum(OUTCOMES, { error: `outcome must be one of ${OUTCOMES.join(", ")}` }));

const reportSchema = z.object({
  repository,
  testcase: text("testcase", 200),
  outcome,
  item: text("item", 250),
  ref_url: z.preprocess(blankAsMissing, z.url({ protocol: /^https?$/, error: "ref_url must be an http(s) URL" }).max(2000, "ref_url must be at most 2000 characters").optional()),
  note: z.preprocess(
    blankAsMissing,
    z
      .string({ error: "note must be a string" })
      .max(10_000, "note must be at most 10000 characters")
      .refine((v) => !CONTROL_BUT_LINES.test(v), "note must not contain control characters other than line breaks and tabs")
      .optional(),
  ),
});

const optionalText = (field: string, max: number) => z.preprocess(blankAsMissing, text(field, max).optional());

const when = z.preprocess(
  blankAsMissing,
  z
    .string({ error: "when must be a string" })
    .refine((v) => /^\d{4}-\d{2}-\d{2}/.test(v) && !Number.isNaN(Date.parse(v)), 'when must be an ISO time such as "2026-12-01T09:00:00Z"')
    // A time without a zone is UTC, as in the config.
    .transform((v) => parsePolicyTime(v, false))
    .optional(),
);

const resultsQuerySchema = z.object({
  repository,
  item: optionalText("item", 250),
  testcase: optionalText("testcase", 200),
  limit: z.preprocess(blankAsMissing, z.coerce.number({ error: "limit must be a number" }).int("limit must be a whole number").min(1, "limit must be at least 1").max(1000, "limit must be at most 1000").default(100)),
});

const decisionQuerySchema = z.object({ repository, context: text("context", 100), item: text("item", 250), when });

const waiversQuerySchema = z.object({ repository });

export function parseResultReport(fields: Fields): Parsed<ResultReport> {
  return parsed(reportSchema, fields, (d) => ({ ...d.repository, testcase: d.testcase, outcome: d.outcome, item: d.item, refUrl: d.ref_url ?? null, note: d.note ?? null }));
}

export function parseResultsQuery(fields: Fields): Parsed<RepoName & { item: string | null; testcase: string | null; limit: number }> {
  return parsed(resultsQuerySchema, fields, (d) => ({ ...d.repository, item: d.item ?? null, testcase: d.testcase ?? null, limit: d.limit }));
}

export function parseDecisionQuery(fields: Fields): Parsed<RepoName & { context: string; item: string; when: Date | null }> {
  return parsed(decisionQuerySchema, fields, (d) => ({ ...d.repository, context: d.context, item: d.item, when: d.when ?? null }));
}

export function parseWaiversQuery(fields: Fields): Parsed<RepoName> {
  return parsed(waiversQuerySchema, fields, (d) => d.repository);
}

function parsed<S extends z.ZodType, T>(schema: S, fields: Fields, build: (data: z.output<S>) => T): Parsed<T> {
  const result = schema.safeParse(fields);
  if (result.success) return { kind: "ok", value: build(result.data) };
  const issue = result.error.issues[0];
  return { kind: "invalid", field: String(issue?.path[0] ?? "body"), error: issue?.message ?? "invalid request" };
}
