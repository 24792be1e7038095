/** The config layer's public surface. */
export { parseConfig, formatConfigError, formatPath, MAX_CONFIG_BYTES } from "./parse-config.js";
export type { ConfigError, ConfigResult, ParseConfigOptions } from "./parse-config.js";
export { configSchema, defaultConfig } from "./config-schema.js";
export type { SignalboxConfig, TrainConfig, GatePolicy } from "./schema.js";
export type { Job, Pipeline, Trigger } from "./schema-pipelines.js";
export { DEFAULT_STAGES, WHEN_VALUES } from "./schema-pipelines.js";
export { effectiveStages } from "./check-config.js";
export { describeConfig } from "./describe-config.js";
export { parseDuration } from "./duration.js";
export { checkCron } from "./cron.js";
export { buildJsonSchema, renderJsonSchema, SCHEMA_ID } from "./json-schema.js";
