/**
 * Turns zod issues into messages a user can act on: what is wrong, what is expected, and what
 * was found, in YAML terms ("a list", "a mapping") rather than JavaScript ones.
 */
import { z } from "zod";
import { didYouMean } from "./did-you-mean.js";

type Issue = z.core.$ZodIssue;

export interface Explained {
  path: PropertyKey[];
  message: string;
  /** Point at the key itself rather than its value (unknown keys, bad names). */
  atKey?: boolean;
}

const EXPECTED: Record<string, string> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  object: "a mapping (key: value)",
  record: "a mapping (key: value)",
  array: "a list",
  null: "null",
};

export function explainIssues(issues: readonly Issue[], schema: z.ZodType, base: PropertyKey[] = []): Explained[] {
  return issues.flatMap((issue) => explainIssue(issue, schema, [...base, ...issue.path]));
}

function explainIssue(issue: Issue, schema: z.ZodType, path: PropertyKey[]): Explained[] {
  const got = "input" in issue && issue.input !== undefined ? ` (got ${describeValue(issue.input)})` : "";
  switch (issue.code) {
    case "invalid_type":
      if (got === "") return [{ path, message: "is required" }];
      if (path.length === 0) return [{ path, message: `the file must be a mapping of sections such as pipelines: and train:${got}` }];
      return [{ path, message: `must be ${EXPECTED[issue.expected] ?? issue.expected}${got}` }];
    case "invalid_value": {
      const values = issue.values.map((v) => (typeof v === "string" ? v : JSON.stringify(v)));
      const expected = values.length === 1 ? `"${values[0]}"` : `one of ${values.join(", ")}`;
      return [{ path, message: `must be ${expected}${got}` }];
    }
    case "unrecognized_keys": {
      const known = knownKeysAt(schema, path);
      return issue.keys.map((key) => ({ path: [...path, key], message: unknownKeyMessage(key, known), atKey: true }));
    }
    case "too_small":
    case "too_big":
      return [{ path, message: sizeMessage(issue) }];
    case "invalid_format":
      return [{ path, message: `${issue.message}${got}` }];
    case "invalid_union":
      return explainUnion(issue, schema, path, got);
    case "custom":
      return [{ path, message: issue.message, atKey: issue.params?.["atKey"] === true }];
    default:
      return [{ path, message: issue.message }];
  }
}

function unknownKeyMessage(key: string, known: string[]): string {
  const unknown = `unknown key ${describeValue(key)}`;
  const hint = didYouMean(key, known);
  if (hint) return `${unknown}${hint}`;
  return known.length > 0 ? `${unknown}; expected one of: ${known.join(", ")}` : unknown;
}

function sizeMessage(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
  const small = issue.code === "too_small";
  const limit = small ? issue.minimum : issue.maximum;
  const bound = small ? "at least" : "at most";
  if (issue.origin === "array" || issue.origin === "set") return `must have ${bound} ${limit} item${Number(limit) === 1 ? "" : "s"}`;
  if (issue.origin === "string" && small && Number(limit) === 1) return "must not be empty";
  if (issue.origin === "string") return `must be ${bound} ${limit} characters long`;
  return `must be ${bound} ${limit}`;
}

/**
 * A union (e.g. a trigger) fails as a whole. When one alternative clearly matches what the
 * user wrote (it shares the most keys), its own errors are more useful than "must be one of".
 */
function explainUnion(issue: z.core.$ZodIssueInvalidUnion, schema: z.ZodType, path: PropertyKey[], got: string): Explained[] {
  const input: unknown = "input" in issue ? issue.input : undefined;
  if (input === undefined) return [{ path, message: "is required" }];
  const keys = input !== null && typeof input === "object" && !Array.isArray(input) ? Object.keys(input) : [];
  const scores = issue.errors.map((branch) => matchingKeys(branch, keys));
  const best = Math.max(0, ...scores);
  const winners = scores.filter((score) => score === best);
  const branch = issue.errors[scores.indexOf(best)];
  if (best > 0 && winners.length === 1 && branch) return explainIssues(branch, schema, path);
  return [{ path, message: `${issue.message}${got}` }];
}

function matchingKeys(branch: readonly Issue[], keys: string[]): number {
  if (branch.some((i) => i.path.length === 0 && i.code !== "unrecognized_keys")) return 0;
  const unknown = new Set(branch.flatMap((i) => (i.code === "unrecognized_keys" ? i.keys : [])));
  return keys.filter((key) => !unknown.has(key)).length;
}

/** The keys an object at `path` accepts, for "did you mean" hints. */
export function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let nodes: z.ZodType[] = [schema];
  for (const segment of path) nodes = nodes.flatMap((node) => childAt(unwrap(node), segment));
  return [...new Set(nodes.flatMap((node) => objectKeys(unwrap(node))))];
}

function childAt(node: z.ZodType, segment: PropertyKey): z.ZodType[] {
  if (node instanceof z.ZodObject) {
    const child = (node.shape as Record<string, z.ZodType>)[String(segment)];
    return child ? [child] : [];
  }
  if (node instanceof z.ZodRecord) return [node.valueType as z.ZodType];
  if (node instanceof z.ZodArray) return [node.element as z.ZodType];
  if (node instanceof z.ZodUnion) return (node.options as z.ZodType[]).flatMap((o) => childAt(unwrap(o), segment));
  return [];
}

function objectKeys(node: z.ZodType): string[] {
  if (node instanceof z.ZodObject) return Object.keys(node.shape);
  if (node instanceof z.ZodUnion) return (node.options as z.ZodType[]).flatMap((o) => objectKeys(unwrap(o)));
  return [];
}

function unwrap(node: z.ZodType): z.ZodType {
  let current = node;
  while (current instanceof z.ZodOptional || current instanceof z.ZodNullable || current instanceof z.ZodDefault) {
    current = current.unwrap() as z.ZodType;
  }
  return current;
}

/** A short, quoted rendering of what the user wrote. */
export function describeValue(value: unknown): string {
  if (value === null) return "nothing (null)";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return String(value);
}
