/**
 * A policy's valid_since/valid_until: the span of decision times in which it is in effect
 * (Greenwave's meaning). A bare date is a whole UTC day: valid_since starts at its midnight,
 * valid_until ends at the next one. A time without a zone is UTC, as the config docs say.
 */
import type { GatePolicy } from "../../config/schema.js";

/** Null while the policy is in effect at `at`; otherwise the decision's summary saying why not. */
export function policyWindow(policy: Pick<GatePolicy, "valid_since" | "valid_until">, at: Date): string | null {
  if (policy.valid_since !== undefined && at < parsePolicyTime(policy.valid_since, false)) {
    return `Not in effect until ${policy.valid_since} (valid_since): no tests are required`;
  }
  if (policy.valid_until !== undefined && at >= parsePolicyTime(policy.valid_until, true)) {
    return `No longer in effect after ${policy.valid_until} (valid_until): no tests are required`;
  }
  return null;
}

/** The instant a config date stands for; `end` turns a bare date into the end of that day. */
export function parsePolicyTime(text: string, end: boolean): Date {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
  if (dateOnly) return new Date(Date.parse(`${text}T00:00:00Z`) + (end ? 86_400_000 : 0));
  const iso = text.replace(" ", "T");
  const zoned = /(?:Z|[+-]\d{2}:?\d{2})$/.test(iso) ? iso : `${iso}Z`;
  // valid_until with a time is inclusive of that instant.
  return new Date(Date.parse(zoned) + (end ? 1 : 0));
}
