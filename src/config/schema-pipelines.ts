/**
 * The `pipelines:` section: GitLab-CI-like pipeline definitions (issue 3). Field names follow
 * GitLab's where the meaning is the same, so teams can carry their habits over.
 */
import { z } from "zod";
import { checkCron } from "./cron.js";
import { DURATION_PATTERN } from "./duration.js";
import { branchNameSchema, tagGlobSchema } from "./ref-names.js";

export const DEFAULT_STAGES = [".pre", "build", "test", "deploy", ".post"];
export const WHEN_VALUES = ["on_success", "on_failure", "always", "manual"] as const;

/** A cron expression; checked field by field so the error names the bad field. */
export const cronSchema = z.string().superRefine((text, ctx) => {
  const problem = checkCron(text);
  if (problem) ctx.addIssue({ code: "custom", message: problem, input: text });
});

export const durationSchema = z
  .string()
  .regex(DURATION_PATTERN, { error: 'must be a duration such as "90s", "60m", "1h30m" or "2d"' });

const nonEmpty = z.string().min(1);

const triggerSchema = z
  .union(
    [
      z.literal("pull_request").describe("Every pull request: opened, synchronize and reopened."),
      z
        .strictObject({
          label: nonEmpty.describe("The label that starts the pipeline, e.g. run-e2e."),
        })
        .describe(
          "When this label is added to a pull request by someone with write permission. " +
            "While the label stays, every new push re-runs the pipeline.",
        ),
      z
        .strictObject({ push: branchNameSchema.describe("The branch, e.g. main.") })
        .describe("Every push to this branch."),
      z
        .strictObject({ tag: tagGlobSchema.describe('A glob over tag names, e.g. "release-*".') })
        .describe("Every new tag whose name matches the glob."),
      z
        .strictObject({
          schedule: cronSchema.describe('A 5-field cron expression in UTC, e.g. "0 3 * * *".'),
          branch: branchNameSchema
            .optional()
            .describe("The branch whose head is tested. Default: the repository's default branch."),
        })
        .describe("On a schedule, on the head of a branch."),
    ],
    {
      error:
        "must be pull_request, { label: <name> }, { push: <branch> }, { tag: <glob> } " +
        "or { schedule: <cron>, branch: <name> }",
    },
  )
  .describe("What starts the pipeline.");

const inputValue = z.union([z.string(), z.number(), z.boolean()], {
  error: "must be text, a number or true/false",
});

export const jobSchema = z
  .strictObject({
    stage: nonEmpty
      .default("test")
      .describe("The stage the job belongs to; it must be listed in the pipeline's `stages`. Default: test."),
    needs: z
      .array(nonEmpty)
      .optional()
      .describe(
        "Jobs of this pipeline that must finish first. With `needs` the job ignores stage order " +
          "and waits only for these; `needs: []` starts it at once.",
      ),
    when: z
      .enum(WHEN_VALUES)
      .default("on_success")
      .describe(
        "on_success: run when every earlier job passed; on_failure: run only when one failed; " +
          "always: run either way (clean-up); manual: wait for someone to start it. Default: on_success.",
      ),
    allow_failure: z
      .boolean()
      .default(false)
      .describe("A failure of this job does not fail the pipeline. Default: false."),
    timeout: durationSchema
      .optional()
      .describe('How long the job may run before it fails as timed out, e.g. "60m" or "1h30m".'),
    resource_group: nonEmpty
      .optional()
      .describe(
        "Only one job of this group runs at a time across all pipelines of the repository " +
          "(e.g. a shared test cluster); the others wait, in order.",
      ),
    inputs: z
      .record(z.string(), inputValue)
      .optional()
      .describe(
        "Extra inputs for the dispatched workflow (workflow jobs only). `sha` and `signalbox_run` are always sent.",
      ),
    workflow: z
      .string()
      .regex(/^[^/\\]+\.ya?ml$/, { error: 'must be a workflow file name in .github/workflows, e.g. "deploy.yml"' })
      .optional()
      .describe("Dispatch this GitHub Actions workflow (a file in .github/workflows) and follow its run."),
    status: nonEmpty
      .optional()
      .describe("Wait for a commit status with this context on the commit, from any CI (e.g. ci/e2e)."),
    check: nonEmpty
      .optional()
      .describe(
        "Wait for a check run with this name on the commit. Without `app`, any app's check run counts, " +
          "except on a fork pull request's commit, where none does (name the app there).",
      ),
    app: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'must be a GitHub App\'s slug, e.g. "circleci-checks"' })
      .optional()
      .describe("With `check`: only check runs made by the GitHub App with this slug count (e.g. circleci-checks)."),
  })
  .describe("A job: exactly one of `workflow`, `status` or `check` says what it runs or waits for.");

export const pipelineSchema = z
  .strictObject({
    on: triggerSchema,
    stages: z
      .array(nonEmpty)
      .min(1)
      .default([...DEFAULT_STAGES])
      .describe(
        "Stage names in the order they run. Default: .pre, build, test, deploy, .post. " +
          "The .pre and .post stages always exist, first and last.",
      ),
    jobs: z
      .record(z.string(), jobSchema)
      .describe("The jobs, by name. Names may hold letters, digits, '-', '_' and '.'."),
  })
  .describe("A pipeline; it reports as one check run named signalbox/<pipeline name>.");

export type Trigger = z.output<typeof triggerSchema>;
export type Job = z.output<typeof jobSchema>;
export type Pipeline = z.output<typeof pipelineSchema>;
