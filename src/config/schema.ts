/**
 * The zod schema of `.github/signalbox.yml`. Every field carries a description: it is the text
 * users read in the generated JSON Schema (editor hints) and in docs/config.md.
 *
 * Safety rule: every section is optional and nothing is turned on by default. Without a
 * `train:` section the app never merges, tags or releases anything on its own.
 */
import { z } from "zod";
import { branchNameSchema } from "./ref-names.js";
import { cronSchema, durationSchema, pipelineSchema } from "./schema-pipelines.js";

const nonEmpty = z.string().min(1);

const promoteSchema = z
  .strictObject({
    after: durationSchema
      .default("24h")
      .describe('How long a pre-release soaks before it may be promoted, e.g. "24h". Default: 24h.'),
    auto: z
      .boolean()
      .default(false)
      .describe("Promote automatically once the soak is over and the promote gate passes. Default: false."),
    enforce: z
      .boolean()
      .default(false)
      .describe(
        "If someone un-checks pre-release by hand while the promote gate fails, set it back. Default: false.",
      ),
  })
  .describe("How a pre-release becomes a release.");

const trainSchema = z
  .strictObject({
    branch: branchNameSchema.default("release").describe("The release branch that merges flow into. Default: release."),
    source: branchNameSchema
      .optional()
      .describe("The branch whose merges ride the train. Default: the repository's default branch."),
    gate: nonEmpty
      .nullable()
      .default(null)
      .describe(
        "A pipeline (from `pipelines:`) run on each new release head before it is tagged test-…; " +
          "null or absent: tag at once (unless gates.test_tag is set).",
      ),
    nightly: cronSchema
      .optional()
      .describe('A cron expression (UTC) to re-run the gate on the release head, e.g. "0 15 * * 1-5".'),
    scheme: z
      .enum(["date", "semver"])
      .default("date")
      .describe(
        "Tag names. date: test-YYYY.MM.DD-N and release-YYYY.MM.DD-N; semver: vX.Y.Z-rc.N and vX.Y.Z, " +
          "the next version following the PR labels major/minor/patch. Default: date.",
      ),
    promote: promoteSchema.default({ after: "24h", auto: false, enforce: false }),
  })
  .describe(
    "The release train: merges to `source` are merged into `branch`, tagged test-… when the gate passes, " +
      "released as pre-releases and promoted. Absent: the app never merges, tags or releases.",
  );

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/, {
    error: 'must be a date such as 2026-12-01 or a time such as "2026-12-01T09:00:00Z"',
  })
  .refine((text) => !Number.isNaN(Date.parse(text)), { error: "is not a real date" });

const gatePolicySchema = z
  .strictObject({
    require: z
      .array(nonEmpty)
      .describe('Testcase names that must pass on the item; globs allowed, e.g. "dctest/*".'),
    valid_since: isoDate.optional().describe("The policy is in effect from this date (UTC) on; before it, nothing is required."),
    valid_until: isoDate.optional().describe("The policy is in effect up to and including this date (UTC); after it, nothing is required."),
    quarantine: z
      .array(nonEmpty)
      .default([])
      .describe("Globs of known-flaky testcases: their failures count as NEEDS_INSPECTION and do not block."),
  })
  .describe("A gating policy: which tests must pass for this decision.");

const boardSchema = z
  .strictObject({
    mappings: z
      .array(z.string().regex(/^[^=]+=[^=]+$/, { error: 'must be "<build name>=<short name>"' }))
      .default([])
      .describe(
        'Renames builds on the dashboard: "<build name>=<short name>". Builds sharing a short name ' +
          "show as one box; mapped builds come first, in this order.",
      ),
    position: z.int().optional().describe("Where the project sits on the dashboard; lower comes first."),
  })
  .describe("How this repository's builds show on the dashboard.");

export const configShape = {
  _extends: nonEmpty
    .optional()
    .describe("Inherit from another repository's config, e.g. `.github` (Probot's config inheritance)."),
  pipelines: z
    .record(z.string(), pipelineSchema)
    .default({})
    .describe("Pipelines by name. Each reports as the check run signalbox/<name>."),
  train: trainSchema.optional(),
  gates: z
    .record(z.string(), gatePolicySchema)
    .default({})
    .describe(
      "Gating policies by decision context: test_tag (before tagging test-…), promote (before promotion), " +
        "merge_to_release, or any name of your own. Each reports as the check run signalbox/gate:<context>.",
    ),
  board: boardSchema.default({ mappings: [] }),
  trusted_bots: z
    .array(nonEmpty)
    .default([])
    .describe("Bot accounts (e.g. renovate[bot]) whose labels and commands count; other bots are ignored."),
};

/**
 * The shape alone. The cross-field checks (check-config.ts) need its type, so configSchema, which
 * adds them, lives in config-schema.ts.
 */
export const shapeSchema = z.strictObject(configShape);

/** The config after defaults are applied: what the rest of the app reads. */
export type SignalboxConfig = z.output<typeof shapeSchema>;
export type TrainConfig = NonNullable<SignalboxConfig["train"]>;
export type GatePolicy = z.output<typeof gatePolicySchema>;
