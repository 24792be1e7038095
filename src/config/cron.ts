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
  return neverFires(parts);
}

/** The most days each month can have (February: in leap years). */
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/**
 * Why a valid expression never fires, or null. Only the days of month can be impossible
 * (`30 2` is February 30th); a day of week written out as well widens the match instead (cron
 * fires when either one matches), unless it starts with `*`, which cron reads as "any day".
 */
function neverFires(parts: string[]): string | null {
  const [, , dayText = "*", monthText = "*", weekdayText = "*"] = parts;
  if (!weekdayText.startsWith("*")) return null;
  const days = expandField(dayText, FIELDS[2]!);
  const months = expandField(monthText, FIELDS[3]!);
  const firstDay = Math.min(...days);
  if (months.some((month) => firstDay <= MONTH_DAYS[month - 1]!)) return null;
  const names = months.map((m) => MONTH_NAMES[m - 1]!);
  const monthList = names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
  const dayList = days.length === 1 ? `${days[0]}` : `${days.slice(0, -1).join(", ")} or ${days.at(-1)}`;
  return `never fires: ${monthList} ${names.length === 1 ? "has" : "have"} no day ${dayList}`;
}

/** The values a valid field stands for, ascending. */
function expandField(text: string, field: CronField): number[] {
  const values = new Set<number>();
  for (const item of text.split(",")) {
    const [range = "", step = "1"] = item.split("/");
    const [low, high] = range === "*" ? [field.min, field.max] : range.split("-").map((b) => parseValue(b, field)!);
    const end = high ?? (item.includes("/") ? field.max : low!);
    for (let v = low!; v <= end; v += Number(step)) values.add(v);
  }
  return [...values].sort((a, b) => a - b);
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
