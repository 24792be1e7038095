/**
 * GitHub's own OpenAPI description (`@octokit/openapi`, api.github.com only), read once per
 * process, and a matcher from a request's method and path to the operation it names.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

export type Json = Record<string, any>;

export interface SpecParameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: Json;
  "x-multi-segment"?: boolean;
}

export interface SpecOperation {
  method: string;
  template: string;
  operationId: string;
  parameters: SpecParameter[];
  bodySchema?: Json;
  bodyRequired: boolean;
}

export interface MatchedOperation {
  operation: SpecOperation;
  params: Record<string, string>;
}

interface CompiledTemplate {
  operation: SpecOperation;
  regex: RegExp;
  names: string[];
  literals: number;
  multi: boolean;
}

let spec: Json | undefined;
let compiled: Map<string, CompiledTemplate[]> | undefined;

export function loadSpec(): Json {
  if (!spec) {
    const require = createRequire(import.meta.url);
    const pkg = require.resolve("@octokit/openapi/package.json");
    const file = join(dirname(pkg), "generated", "api.github.com.json");
    spec = JSON.parse(readFileSync(file, "utf8")) as Json;
  }
  return spec;
}

/** Follows one `#/components/...` reference inside the spec. */
export function deref<T = Json>(value: Json): T {
  const ref = value.$ref as string | undefined;
  if (!ref) return value as T;
  let node: any = loadSpec();
  for (const part of ref.replace(/^#\//, "").split("/")) node = node?.[part];
  return node as T;
}

function buildOperation(method: string, template: string, op: Json, shared: Json[]): SpecOperation {
  const parameters = [...shared, ...((op.parameters as Json[] | undefined) ?? [])].map((p) =>
    deref<SpecParameter>(p),
  );
  const body = op.requestBody ? deref(op.requestBody as Json) : undefined;
  return {
    method: method.toUpperCase(),
    template,
    operationId: String(op.operationId),
    parameters,
    bodySchema: body?.content?.["application/json"]?.schema as Json | undefined,
    bodyRequired: Boolean(body?.required),
  };
}

/** Refs and paths may carry `/`: Octokit encodes it as %2F, but a literal slash is accepted too. */
function isMultiSegment(op: SpecOperation, name: string, last: boolean): boolean {
  const param = op.parameters.find((p) => p.in === "path" && p.name === name);
  return Boolean(param?.["x-multi-segment"]) || (last && (name === "ref" || name === "path"));
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function compileTemplate(op: SpecOperation): CompiledTemplate {
  const segments = op.template.split("/").slice(1);
  const names: string[] = [];
  let literals = 0;
  let multi = false;
  const parts = segments.map((segment, i) => {
    if (!segment.includes("{")) {
      literals++;
      return escape(segment);
    }
    // A segment may hold several parameters, as in `/compare/{base}...{head}`.
    return segment
      .split(/(\{[^}]+\})/)
      .map((piece) => {
        const name = /^\{(.+)\}$/.exec(piece)?.[1];
        if (!name) return escape(piece);
        names.push(name);
        const wide = isMultiSegment(op, name, i === segments.length - 1 && segment === piece);
        multi ||= wide;
        return wide ? "(.+)" : "([^/]+?)";
      })
      .join("");
  });
  return { operation: op, regex: new RegExp(`^/${parts.join("/")}$`), names, literals, multi };
}

function compileAll(): Map<string, CompiledTemplate[]> {
  if (compiled) return compiled;
  compiled = new Map();
  for (const [template, item] of Object.entries(loadSpec().paths as Json)) {
    const shared = (item.parameters as Json[] | undefined) ?? [];
    for (const method of ["get", "post", "put", "patch", "delete"]) {
      if (!item[method]) continue;
      const list = compiled.get(method.toUpperCase()) ?? [];
      list.push(compileTemplate(buildOperation(method, template, item[method] as Json, shared)));
      compiled.set(method.toUpperCase(), list);
    }
  }
  // Most literal segments first, so `/releases/latest` wins over `/releases/{release_id}`.
  for (const list of compiled.values()) {
    list.sort((a, b) => b.literals - a.literals || Number(a.multi) - Number(b.multi));
  }
  return compiled;
}

/** Matches a raw (still percent-encoded) path; parameters are decoded after matching. */
export function matchOperation(method: string, rawPath: string): MatchedOperation | undefined {
  for (const entry of compileAll().get(method.toUpperCase()) ?? []) {
    const found = entry.regex.exec(rawPath);
    if (!found) continue;
    const params: Record<string, string> = {};
    entry.names.forEach((name, i) => {
      params[name] = decodeURIComponent(found[i + 1] ?? "");
    });
    return { operation: entry.operation, params };
  }
  return undefined;
}

/** True when some other method exists for this path (so the problem is the method). */
export function pathExists(rawPath: string): boolean {
  for (const list of compileAll().values()) if (list.some((e) => e.regex.test(rawPath))) return true;
  return false;
}
