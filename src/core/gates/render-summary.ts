/**
 * The one-line explanation of a decision, e.g. "Of 5 required tests, 1 failed, 1 missing (running)".
 * Exact wording is tested (test/core/gates/decide-gate.test.ts).
 */
import type { Requirement, SatisfiedType, UnsatisfiedType } from "./types.js";

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

export function renderDecisionSummary(satisfied: Array<Requirement<SatisfiedType>>, unsatisfied: Array<Requirement<UnsatisfiedType>>): string {
  const total = satisfied.length + unsatisfied.length;
  if (total === 0) return "No tests are required";
  const count = (list: Array<{ type: string }>, ...types: string[]) => list.filter((r) => types.includes(r.type)).length;
  const waived = count(satisfied, "test-result-failed-waived", "test-result-errored-waived", "test-result-missing-waived");
  const quarantined = count(satisfied, "test-result-failed-quarantined");
  const notes = [...(waived > 0 ? [`${waived} waived`] : []), ...(quarantined > 0 ? [`${quarantined} quarantined needing inspection`] : [])];
  if (unsatisfied.length === 0) {
    const head = total === 1 ? "The required test passed" : `All ${total} required tests passed`;
    return notes.length > 0 ? `${head} (${notes.join(", ")})` : head;
  }
  const failed = count(unsatisfied, "test-result-failed");
  const errored = count(unsatisfied, "test-result-errored");
  const running = count(unsatisfied, "test-result-running");
  const missing = running + count(unsatisfied, "test-result-missing");
  const parts = [
    ...(failed > 0 ? [`${failed} failed`] : []),
    ...(errored > 0 ? [`${errored} errored`] : []),
    ...(missing > 0 ? [`${missing} missing${running === 0 ? "" : running === missing ? " (running)" : ` (${running} running)`}`] : []),
    ...notes,
  ];
  return `Of ${total} required ${plural(total, "test", "tests")}, ${parts.join(", ")}`;
}
