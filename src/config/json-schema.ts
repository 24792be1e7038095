/**
 * The JSON Schema of `.github/signalbox.yml`, generated from the zod schema so the two cannot
 * drift; editors use it for completion and hover docs. The committed copy is
 * schemas/signalbox.schema.json; a test fails when it is stale (`npm run schema` regenerates it).
 */
import { z } from "zod";
import { configSchema } from "./config-schema.js";

/** A URN rather than a URL: the schema is shipped in the repository, not served from a host. */
export const SCHEMA_ID = "urn:signalbox:schema:signalbox.yml";

export function buildJsonSchema(): Record<string, unknown> {
  // io "input": the schema describes what users write, so fields with defaults are optional.
  const generated = z.toJSONSchema(configSchema, { io: "input", target: "draft-2020-12", unrepresentable: "any" });
  const { $schema, ...rest } = generated as Record<string, unknown>;
  return { $schema, $id: SCHEMA_ID, title: "signalbox configuration (.github/signalbox.yml)", ...rest };
}

/** The file's exact text: stable key order, two-space indent, trailing newline. */
export function renderJsonSchema(): string {
  return `${JSON.stringify(buildJsonSchema(), null, 2)}\n`;
}
