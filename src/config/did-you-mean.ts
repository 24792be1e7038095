/** "Did you mean" hints for misspelt keys and names: most config errors are typos. */

/** The candidate closest to `word`, if it is close enough to be the likely intent. */
export function closestMatch(word: string, candidates: Iterable<string>): string | null {
  // Allow about one edit per four characters, at least one: "pipeline" → "pipelines", not "on" → "jobs".
  const limit = Math.max(1, Math.floor(word.length / 4));
  let best: string | null = null;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** `; did you mean "x"?` or an empty string. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const match = closestMatch(word, candidates);
  return match === null ? "" : `; did you mean "${match}"?`;
}

/** Levenshtein distance with adjacent transpositions counted as one edit ("stgae" → "stage"). */
export function editDistance(a: string, b: string): number {
  // Hints are for short names; a huge hostile key must not cost quadratic time.
  if (a.length > 64 || b.length > 64) return Infinity;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((rows[i - 1]?.[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (rows[i - 1]?.[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      }
      row.push(value);
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? Infinity;
}
