/** Gating (ResultsDB + WaiverDB + Greenwave, native to GitHub): pure decisions and renderings. */
export * from "./types.js";
export { decideGate, expandRequirements, isActive, isFlaky, newestResult } from "./decide-gate.js";
export { policyWindow, parsePolicyTime } from "./policy-window.js";
export { renderDecisionSummary } from "./render-summary.js";
export { parseOutcome, parseStatusOutcome, parseCheckRunOutcome, parseWorkflowRunOutcome, parseBuildOutcome } from "./parse-outcome.js";
export * from "./parse-waive-command.js";
export { decideWaive, type WaiveDecision, type WaiveFacts, type WaivePermission } from "./decide-waive.js";
export { renderGateCheck, type GateCheck } from "./render-gate-check.js";
export * from "./parse-results-request.js";
