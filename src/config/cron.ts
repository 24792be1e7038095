/**
 * Syntactic check of 5-field cron expressions (minute hour day-of-month month day-of-week),
 * the dialect GitHub Actions schedules use, in UTC. Checking here means a typo fails the
 * `signalbox/config` check run at once instead of a schedule silently never firing.
 */

interface CronField {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

const FIELDS: readonly CronField[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: MONTHS },
  { name: "day of week", min: 0, max: 6, names: DAYS },
];

/** Why a cron expression is invalid, or null when it is valid. */
export function checkCron(expression: string): string | null {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== FIELDS.length) {
    return `must be a cron expression with 5 fields (minute hour day-of-month month day-of-week), e.g. "0 15 * * 1-5" (got ${parts.length} field${parts.length === 1 ? "" : "s"})`;
  }
  for (const [i, field] of FIELDS.entries()) {
    const problem = checkField(parts[i] ?? "", field);
    if (problem) return `${field.name} field "${parts[i]}": ${problem}`;
  }
  return null;
}

function checkField(text: string, field: CronField): string | null {
  for (const item of text.split(",")) {
    const [range = "", step, ...extra] = item.split("/");
    if (extra.length > 0) return "has more than one '/'";
    if (step !== undefined && !/^[1-9]\d*$/.test(step)) return `step "${step}" must be a positive number`;
    if (range === "*") continue;
    const bounds = range.split("-");
    if (bounds.length > 2) return `"${range}" is not a value or a range`;
    const values = bounds.map((b) => parseValue(b, field));
    for (const [j, value] of values.entries()) {
      if (value === null) return `"${bounds[j]}" must be ${describeRange(field)}`;
    }
    const [low, high] = values as number[];
    if (high !== undefined && low !== undefined && low > high) return `range "${range}" goes backwards`;
  }
  return null;
}

function parseValue(text: string, field: CronField): number | null {
  const named = field.names?.indexOf(text.toUpperCase()) ?? -1;
  if (named >= 0) return named + field.min;
  if (!/^\d{1,2}$/.test(text)) return null;
  const value = Number(text);
  return value >= field.min && value <= field.max ? value : null;
}

function describeRange(field: CronField): string {
  const names = field.names ? ` or ${field.names[0]}-${field.names[field.names.length - 1]}` : "";
  return `a number from ${field.min} to ${field.max}${names}, or *`;
}
