/** Every source's words mapped to ResultsDB outcomes; null = nothing recorded. */
import { parseBuildOutcome, parseCheckRunOutcome, parseOutcome, parseStatusOutcome, parseWorkflowRunOutcome } from "../../../src/core/gates/index.js";

describe("parseOutcome (the API)", () => {
  it.each([
    ["PASSED", "PASSED"],
    ["passed", "PASSED"],
    [" Failed ", "FAILED"],
    ["error", "ERROR"],
    ["QUEUED", "QUEUED"],
    ["running", "RUNNING"],
    ["info", "INFO"],
    ["needs_inspection", "NEEDS_INSPECTION"],
    ["success", null],
    ["", null],
  ])("%j → %s", (text, outcome) => expect(parseOutcome(text)).toBe(outcome));
});

describe("parseStatusOutcome (commit statuses)", () => {
  it.each([
    ["success", "PASSED"],
    ["failure", "FAILED"],
    ["error", "ERROR"],
    ["pending", "RUNNING"],
    ["weird", null],
  ])("%s → %s", (state, outcome) => expect(parseStatusOutcome(state)).toBe(outcome));
});

describe.each([
  ["parseCheckRunOutcome", parseCheckRunOutcome],
  ["parseWorkflowRunOutcome", parseWorkflowRunOutcome],
])("%s", (_name, parse) => {
  it.each<[string, string | null, string | null]>([
    ["queued", null, "QUEUED"],
    ["requested", null, "QUEUED"],
    ["waiting", null, "QUEUED"],
    ["pending", null, "QUEUED"],
    ["in_progress", null, "RUNNING"],
    ["completed", "success", "PASSED"],
    ["completed", "failure", "FAILED"],
    ["completed", "neutral", "INFO"],
    ["completed", "cancelled", "ERROR"],
    ["completed", "timed_out", "ERROR"],
    ["completed", "startup_failure", "ERROR"],
    ["completed", "action_required", "NEEDS_INSPECTION"],
    ["completed", "skipped", null],
    ["completed", "stale", null],
    ["completed", null, null],
  ])("%s/%s → %s", (status, conclusion, outcome) => expect(parse(status, conclusion)).toBe(outcome));
});

describe("parseBuildOutcome (board builds)", () => {
  it.each([
    ["building", "RUNNING"],
    ["successful", "PASSED"],
    ["failed", "FAILED"],
  ] as const)("%s → %s", (status, outcome) => expect(parseBuildOutcome(status)).toBe(outcome));
});
