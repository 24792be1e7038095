/**
 * Reads `.github/signalbox.yml` into a typed config plus errors that name a line. Pure: the
 * caller fetches the text (and, with `_extends`, the merged object from Probot's loader).
 */
import { LineCounter, parseDocument, type Document } from "yaml";
import { explainIssues } from "./explain-issues.js";
import { configSchema, defaultConfig } from "./config-schema.js";
import type { SignalboxConfig } from "./schema.js";
import { findKeyProblems, MAX_CONFIG_KEYS } from "./yaml-keys.js";
import { locatePath } from "./yaml-positions.js";

export interface ConfigError {
  /** The offending field, e.g. "pipelines.e2e.jobs.deploy.needs[0]"; "" for the file itself. */
  path: string;
  line: number;
  column: number;
  message: string;
}

export interface ConfigResult {
  /** The validated config, or the safe defaults (nothing turned on) when there are errors. */
  config: SignalboxConfig;
  errors: ConfigError[];
  source: "file" | "default";
}

export interface ParseConfigOptions {
  /** The file's path, for callers that render it; parsing does not depend on it. */
  path?: string;
  /** The config after `_extends` was merged; validated instead of the local text when given. */
  resolved?: unknown;
}

/** A config file is a few kilobytes; a huge one is a mistake or an attack, not worth parsing. */
export const MAX_CONFIG_BYTES = 512 * 1024;
/** YAML aliases beyond this are refused, so an alias bomb cannot expand into gigabytes. */
const MAX_ALIAS_COUNT = 100;

export function parseConfig(text: string | null, opts: ParseConfigOptions = {}): ConfigResult {
  // 1. No file: safe defaults. 2. Read the YAML. 3. Validate (the merged object if given).
  // 4. Point each error at its line in the local text.
  if (text === null) return { config: defaultConfig(), errors: [], source: "default" };
  if (text.length > MAX_CONFIG_BYTES) {
    return failed([fileError(`is too large (${text.length} characters; the limit is ${MAX_CONFIG_BYTES})`)]);
  }
  const tooDeep = nestingProblem(text);
  if (tooDeep) return failed([tooDeep]);
  const counter = new LineCounter();
  const read = readYaml(text, counter);
  if ("errors" in read) return failed(read.errors);
  const data = opts.resolved !== undefined ? opts.resolved : read.data ?? {};
  const parsed = configSchema.safeParse(data, { reportInput: true });
  if (parsed.success) return { config: parsed.data, errors: [], source: "file" };
  const errors = explainIssues(parsed.error.issues, configSchema).map(({ path, message, atKey }) => {
    const at = locatePath(read.doc, counter, path, atKey);
    const inherited = opts.resolved !== undefined && at.depth < existingDepth(data, path);
    if (!inherited) return { path: formatPath(path), line: at.line, column: at.column, message };
    const origin = locatePath(read.doc, counter, ["_extends"]);
    const where = origin.depth === 1 ? origin : { line: 1, column: 1 };
    return { path: formatPath(path), line: where.line, column: where.column, message: `${message} (inherited through _extends)` };
  });
  return failed(errors);
}

type ReadYaml = { doc: Document; data: unknown } | { errors: ConfigError[] };

function readYaml(text: string, counter: LineCounter): ReadYaml {
  try {
    // merge: GitLab CI users lean on `<<: *defaults`. A repeated key is a mistake, but the
    // library's check of it is quadratic; findKeyProblems does it in one pass.
    const doc = parseDocument(text, { lineCounter: counter, merge: true, uniqueKeys: false, prettyErrors: true });
    if (doc.errors.length > 0) return { errors: firstDistinct(doc.errors.map(yamlError)) };
    const keys = findKeyProblems(doc, counter);
    if (keys.length > 0) return { errors: firstDistinct(keys.map(keyError)) };
    return { doc, data: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (error) {
    // The yaml library throws on alias bombs (ReferenceError) and the engine on extreme nesting (RangeError).
    if (error instanceof ReferenceError && /alias/i.test(error.message)) {
      return { errors: [fileError(`uses too many YAML aliases (more than ${MAX_ALIAS_COUNT} expansions); write the values out instead`)] };
    }
    if (error instanceof RangeError) return { errors: [fileError("is nested too deeply to be read")] };
    throw error;
  }
}

function keyError(problem: ReturnType<typeof findKeyProblems>[number]): ConfigError {
  if (problem.kind === "duplicate") return { path: "", line: problem.line, column: problem.column, message: "YAML syntax error: Map keys must be unique" };
  const limit = MAX_CONFIG_KEYS.toLocaleString("en-US");
  return fileError(`has more than ${limit} keys (the limit is ${limit}); no signalbox config needs that many`);
}

/** One broken line often yields a cascade of follow-on errors; the first few distinct ones say it all. */
function firstDistinct(errors: ConfigError[], limit = 5): ConfigError[] {
  const seen = new Set<string>();
  return errors.filter((e) => !seen.has(e.message) && seen.add(e.message) && seen.size <= limit);
}

function yamlError(error: { message: string; linePos?: [{ line: number; col: number }, ...unknown[]] }): ConfigError {
  const first = error.message.split("\n")[0] ?? error.message;
  // The parser reports a stack overflow in its own words; say what the user can change.
  if (/call stack/i.test(first)) return { ...fileError("is nested too deeply to be read"), ...position(error) };
  const message = `YAML syntax error: ${first.replace(/ at line \d+, column \d+:?$/, "")}`;
  return { path: "", message, ...position(error) };
}

function position(error: { linePos?: [{ line: number; col: number }, ...unknown[]] }): { line: number; column: number } {
  const pos = error.linePos?.[0];
  return { line: pos?.line ?? 1, column: pos?.col ?? 1 };
}

function fileError(message: string): ConfigError {
  return { path: "", line: 1, column: 1, message: `The file ${message}` };
}

function failed(errors: ConfigError[]): ConfigResult {
  const sorted = [...errors].sort((a, b) => a.line - b.line || a.column - b.column || a.path.localeCompare(b.path));
  return { config: defaultConfig(), errors: sorted, source: "file" };
}

/** How many segments of `path` exist in a plain object, to tell local values from inherited ones. */
function existingDepth(data: unknown, path: readonly PropertyKey[]): number {
  let node = data;
  let depth = 0;
  for (const segment of path) {
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, segment)) break;
    node = (node as Record<PropertyKey, unknown>)[segment];
    depth++;
  }
  return depth;
}

/** "pipelines.e2e.jobs.deploy.needs[0]"; keys that are not plain words are quoted: jobs["a b"]. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((segment, i) => {
      if (typeof segment === "number") return `[${segment}]`;
      const key = String(segment);
      if (/^[A-Za-z_][\w-]*$/.test(key)) return i === 0 ? key : `.${key}`;
      return `[${JSON.stringify(key)}]`;
    })
    .join("");
}

/** One line per error, as CLI output and logs show them: "12:9 pipelines.e2e.on: must be …". */
export function formatConfigError(error: ConfigError): string {
  return `${error.line}:${error.column} ${error.path ? `${error.path}: ` : ""}${error.message}`;
}

/** No real config nests anywhere near this deep; deeper input only exists to exhaust the parser. */
const MAX_NESTING = 64;

/**
 * Refuses pathologically nested YAML before the parser sees it: a hostile file within the size
 * limit (100,000 `[`, or 50,000 nested `- `) otherwise costs the parser hundreds of megabytes.
 */
function nestingProblem(text: string): ConfigError | null {
  let depth = 0;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    else if (c === 91 || c === 123) depth++; // [ {
    else if (c === 93 || c === 125) depth = Math.max(0, depth - 1); // ] }
    if (depth > MAX_NESTING) return { ...fileError("is nested too deeply to be read"), line };
  }
  const lines = text.split("\n");
  const deep = lines.findIndex((l) => /^[\s-]*/.exec(l)![0].replace(/\s+/g, " ").split("-").length - 1 > MAX_NESTING);
  return deep >= 0 ? { ...fileError("is nested too deeply to be read"), line: deep + 1 } : null;
}
