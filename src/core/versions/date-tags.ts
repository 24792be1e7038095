/**
 * The date scheme: `test-YYYY.MM.DD-N` and `release-YYYY.MM.DD-N`.
 *
 * N is one counter for the whole repository, not one per day: the next tag takes one more than
 * the highest N of every existing test- and release- tag, whatever its date. Only then does
 * "date not earlier and N greater" (how deployment tools pick the newest release) agree with
 * the order tags were made in: with a per-day N, release-D+1-1 would never look newer than
 * release-D-5. Existing tag names are the only input, so a lost store changes nothing.
 */

export type TagKind = "test" | "release";

export interface DateTag {
  kind: TagKind;
  /** "YYYY.MM.DD", UTC. Compares correctly as a string. */
  date: string;
  n: number;
}

/** N up to nine digits keeps it a safe integer with room to spare. */
const DATE_TAG = /^(test|release)-([0-9]{4})\.([0-9]{2})\.([0-9]{2})-([0-9]+)$/;
const MAX_N_DIGITS = 9;

/** The tag, or why the name is not one (in words a maintainer can act on). */
export function parseTagDetailed(name: string): { tag: DateTag } | { error: string } {
  const form = "test-YYYY.MM.DD-N or release-YYYY.MM.DD-N";
  if (name.length > 64) return { error: `it is ${name.length} characters long; tags look like ${form}` };
  const match = DATE_TAG.exec(name);
  if (!match) return { error: `it does not have the form ${form} (ASCII digits, zero-padded date)` };
  const [, kind, year, month, day, n] = match as unknown as [string, TagKind, string, string, string, string];
  const dateError = checkDate(Number(year), Number(month), Number(day));
  if (dateError) return { error: `${year}.${month}.${day} is not a calendar date: ${dateError}` };
  if (n.length > 1 && n.startsWith("0")) return { error: `N "${n}" has a leading zero` };
  if (n === "0") return { error: "N must be 1 or more" };
  if (n.length > MAX_N_DIGITS) return { error: `N "${n}" has more than ${MAX_N_DIGITS} digits` };
  return { tag: { kind, date: `${year}.${month}.${day}`, n: Number(n) } };
}

export function parseTag(name: string): DateTag | null {
  const parsed = parseTagDetailed(name);
  return "tag" in parsed ? parsed.tag : null;
}

export function formatTag(tag: DateTag): string {
  return `${tag.kind}-${tag.date}-${tag.n}`;
}

/** Today in UTC as a tag date. */
export function formatTagDate(now: Date): string {
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${now.getUTCFullYear()}.${pad(now.getUTCMonth() + 1)}.${pad(now.getUTCDate())}`;
}

function checkDate(year: number, month: number, day: number): string | null {
  if (year < 1) return "there is no year 0000";
  if (month < 1 || month > 12) return `${month} is not a month`;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  if (day < 1 || day > days) return `month ${month} has no day ${day}`;
  return null;
}

/**
 * The next test tag: today's date (or the latest date already used, should the clock be behind
 * an existing tag, so tags never go backwards) and one more than the highest N of all test- and
 * release- tags, skipping any name that exists.
 */
export function nextTestTag(existingTagNames: readonly string[], todayUtc: string): string {
  const tags = existingTagNames.map(parseTag).filter((tag): tag is DateTag => tag !== null);
  const latestDate = tags.reduce((latest, tag) => (tag.date > latest ? tag.date : latest), todayUtc);
  const taken = new Set(existingTagNames);
  let n = tags.reduce((highest, tag) => Math.max(highest, tag.n), 0) + 1;
  const nameFor = (kind: TagKind) => formatTag({ kind, date: latestDate, n });
  while (taken.has(nameFor("test")) || taken.has(nameFor("release"))) n += 1;
  return nameFor("test");
}

/** `test-D-N` → `release-D-N`; null for anything else. */
export function releaseTagFor(testTag: string): string | null {
  const tag = parseTag(testTag);
  return tag?.kind === "test" ? formatTag({ ...tag, kind: "release" }) : null;
}

/** `release-D-N` → `test-D-N`; null for anything else. */
export function testTagFor(releaseTag: string): string | null {
  const tag = parseTag(releaseTag);
  return tag?.kind === "release" ? formatTag({ ...tag, kind: "test" }) : null;
}

/** A total order for sorting: by date, then N. */
export function compareTags(a: DateTag, b: DateTag): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  return a.n - b.n;
}

/** How deployment tools read it: `candidate` is newer when its date is not earlier and its N is greater. */
export function isNewerRelease(candidate: DateTag, current: DateTag): boolean {
  return candidate.date >= current.date && candidate.n > current.n;
}

/** The newest `release-` tag among the names, or null. */
export function newestRelease(tagNames: readonly string[]): string | null {
  const releases = tagNames.map(parseTag).filter((tag): tag is DateTag => tag?.kind === "release");
  const newest = releases.reduce<DateTag | null>((best, tag) => (!best || compareTags(tag, best) > 0 ? tag : best), null);
  return newest ? formatTag(newest) : null;
}
