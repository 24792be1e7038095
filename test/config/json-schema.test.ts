import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import { parse } from "yaml";
import { buildJsonSchema, renderJsonSchema } from "../../src/config/json-schema.js";
import { ISSUE_3_PIPELINES, ISSUE_4_TRAIN, ISSUE_6_GATES, RELEASE_PIPELINE } from "./examples.js";

const committedPath = fileURLToPath(new URL("../../schemas/signalbox.schema.json", import.meta.url));

describe("schemas/signalbox.schema.json", () => {
  it("is the schema generated from src/config/schema.ts", () => {
    const committed = readFileSync(committedPath, "utf8");
    const stale = "schemas/signalbox.schema.json is stale: run `npm run schema` and commit the result";
    expect({ upToDate: committed === renderJsonSchema(), hint: stale }).toEqual({ upToDate: true, hint: stale });
  });

  it("has $schema, $id, a title and a description on every property", () => {
    const schema = buildJsonSchema();
    expect(schema).toMatchObject({ $schema: expect.any(String), $id: expect.any(String), title: expect.any(String) });
    expect(undescribed(schema, "")).toEqual([]);
  });

  it.each([
    ["issue 3", ISSUE_3_PIPELINES, true],
    ["issue 4", `${ISSUE_4_TRAIN}${RELEASE_PIPELINE}`, true],
    ["issue 6", ISSUE_6_GATES, true],
    ["an unknown top-level key", "pipeline: {}\n", false],
    ["a bad when", "pipelines:\n  p: { on: pull_request, jobs: { a: { status: x, when: sometimes } } }\n", false],
  ])("editors see %s as valid: %s", (_name, text, valid) => {
    const ajv = new Ajv2020({ strict: false });
    expect(ajv.validate(buildJsonSchema(), parse(text) ?? {})).toBe(valid);
  });
});

/** Paths of properties without a description: every field needs the doc comment users read. */
function undescribed(node: unknown, path: string): string[] {
  if (node === null || typeof node !== "object") return [];
  const n = node as Record<string, unknown>;
  const missing: string[] = [];
  for (const [key, child] of Object.entries((n["properties"] ?? {}) as Record<string, Record<string, unknown>>)) {
    if (typeof child["description"] !== "string") missing.push(`${path}.${key}`);
    missing.push(...undescribed(child, `${path}.${key}`));
  }
  missing.push(...undescribed(n["additionalProperties"], `${path}.*`));
  missing.push(...undescribed(n["items"], `${path}[]`));
  for (const option of (n["anyOf"] ?? []) as unknown[]) missing.push(...undescribed(option, path));
  return missing;
}
