/** The whole config schema: the shape (schema.ts) and the cross-field checks (check-config.ts). */
import { checkConfig } from "./check-config.js";
import { shapeSchema, type SignalboxConfig } from "./schema.js";

export const configSchema = shapeSchema
  .superRefine(checkConfig)
  .describe("Configuration of the signalbox GitHub App, read from .github/signalbox.yml.");

/** The config of a repository with no file: everything off. A fresh object on every call. */
export function defaultConfig(): SignalboxConfig {
  return configSchema.parse({});
}
