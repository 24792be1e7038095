/**
 * Checks one request against GitHub's OpenAPI description: path parameter types, query
 * parameters (required present, none unknown) and the JSON body (Ajv, compiled once per operation).
 */
import AjvModule from "ajv";
import type { ValidateFunction } from "ajv";
import { loadSpec, type Json, type MatchedOperation, type SpecParameter } from "./openapi-spec.js";

const SPEC_ID = "github-openapi";
let ajv: InstanceType<typeof AjvModule.default> | undefined;
const validators = new Map<string, ValidateFunction>();

function getAjv(): InstanceType<typeof AjvModule.default> {
  if (!ajv) {
    // The spec is OpenAPI 3.0 (`nullable`, `example`, `x-*`): not strict, formats not checked.
    ajv = new AjvModule.default({ strict: false, allErrors: true, validateFormats: false, validateSchema: false });
    ajv.addSchema(normalize({ components: loadSpec().components as Json }, false) as Json, SPEC_ID);
  }
  return ajv;
}

/**
 * Makes OpenAPI 3.0 palatable to Ajv: `nullable` without `type` becomes `anyOf [..., null]`, and
 * (for an operation's own schema) `#/components/...` refs point at the spec registered once.
 */
function normalize(node: unknown, rebaseRefs: boolean): unknown {
  if (Array.isArray(node)) return node.map((n) => normalize(n, rebaseRefs));
  if (!node || typeof node !== "object") return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node as Json)) {
    const isLocalRef = key === "$ref" && typeof value === "string" && value.startsWith("#/");
    out[key] = isLocalRef && rebaseRefs ? `${SPEC_ID}${String(value)}` : normalize(value, rebaseRefs);
  }
  if (out.nullable === true && out.type === undefined) {
    const { nullable: _nullable, ...rest } = out;
    return { anyOf: [rest, { type: "null" }] };
  }
  return out;
}

function bodyValidator(match: MatchedOperation): ValidateFunction | undefined {
  const { operation } = match;
  if (!operation.bodySchema) return undefined;
  const key = `${operation.method} ${operation.template}`;
  let validate = validators.get(key);
  if (!validate) {
    validate = getAjv().compile(normalize(operation.bodySchema, true) as Json);
    validators.set(key, validate);
  }
  return validate;
}

function checkScalar(param: SpecParameter, value: string, where: string): string | undefined {
  const schema = param.schema ?? {};
  if (schema.type === "integer" && !/^-?\d+$/.test(value)) return `${where} "${param.name}" must be an integer, got "${value}"`;
  if (schema.type === "boolean" && !/^(true|false)$/.test(value)) return `${where} "${param.name}" must be a boolean, got "${value}"`;
  const allowed = schema.enum as unknown[] | undefined;
  if (allowed && !allowed.map(String).includes(value)) {
    return `${where} "${param.name}" must be one of ${allowed.join(", ")}, got "${value}"`;
  }
  return undefined;
}

function checkQuery(match: MatchedOperation, query: Record<string, string>): string[] {
  const problems: string[] = [];
  const declared = match.operation.parameters.filter((p) => p.in === "query");
  for (const param of declared) {
    const value = query[param.name];
    if (value === undefined) {
      if (param.required) problems.push(`missing required query parameter "${param.name}"`);
      continue;
    }
    const problem = checkScalar(param, value, "query parameter");
    if (problem) problems.push(problem);
  }
  for (const name of Object.keys(query)) {
    if (!declared.some((p) => p.name === name)) problems.push(`unknown query parameter "${name}"`);
  }
  return problems;
}

function checkPathParams(match: MatchedOperation): string[] {
  return match.operation.parameters
    .filter((p) => p.in === "path")
    .map((p) => checkScalar(p, match.params[p.name] ?? "", "path parameter"))
    .filter((p): p is string => p !== undefined);
}

function checkBody(match: MatchedOperation, body: unknown): string[] {
  const validate = bodyValidator(match);
  if (!validate) return [];
  if (body === undefined) return match.operation.bodyRequired ? ["missing required JSON body"] : [];
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => {
    const extra = e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : "";
    return `body${e.instancePath || ""} ${e.message ?? "is invalid"}${extra}`;
  });
}

/** Every way the request departs from the spec; empty when it conforms. */
export function validateRequest(match: MatchedOperation, query: Record<string, string>, body: unknown): string[] {
  return [...checkPathParams(match), ...checkQuery(match, query), ...checkBody(match, body)];
}
