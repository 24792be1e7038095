/**
 * Durations as users write them in `.github/signalbox.yml`: "90s", "60m", "1h30m", "2d".
 * Kept as text in the config (so error messages and summaries echo what the user wrote) and
 * turned into milliseconds only where time is computed.
 */

/** Units largest first; a duration lists each at most once, in this order. */
export const DURATION_PATTERN = /^(?=\d)(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

const UNIT_MS = [86_400_000, 3_600_000, 60_000, 1_000] as const;

/** Milliseconds in a duration such as "1h30m", or null when the text is not a duration. */
export function parseDuration(text: string): number | null {
  const match = DURATION_PATTERN.exec(text);
  if (!match) return null;
  let total = 0;
  UNIT_MS.forEach((unit, i) => {
    const amount = match[i + 1];
    if (amount !== undefined) total += Number(amount) * unit;
  });
  return Number.isSafeInteger(total) ? total : null;
}
