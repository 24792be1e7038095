/**
 * Repeated keys and the number of keys, found in one walk over the parsed document. The yaml
 * library's own `uniqueKeys` check compares each new key with every earlier key of its mapping:
 * a fork's 287 KB file of distinct keys kept the process busy for 19.6 s. Here each mapping keeps
 * a set of the keys seen, so the walk costs one step per key.
 */
import { isMap, isScalar, visit, type Document, type LineCounter } from "yaml";

/** No real config comes near this many keys (a large one has a few hundred). */
export const MAX_CONFIG_KEYS = 10_000;

export type KeyProblem =
  | { kind: "duplicate"; line: number; column: number }
  | { kind: "tooMany"; count: number };

/** The repeated keys (each after its first), or that there are more keys than allowed. */
export function findKeyProblems(doc: Document, counter: LineCounter): KeyProblem[] {
  const problems: KeyProblem[] = [];
  let count = 0;
  visit(doc, {
    Map(_key, map) {
      if (!isMap(map)) return undefined;
      count += map.items.length;
      if (count > MAX_CONFIG_KEYS) return visit.BREAK;
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        // Like the yaml library: scalar keys compare by value, other keys only by identity.
        if (!isScalar(pair.key)) continue;
        if (!seen.has(pair.key.value)) seen.add(pair.key.value);
        else problems.push({ kind: "duplicate", ...position(counter, pair.key.range?.[0] ?? 0) });
      }
      return undefined;
    },
  });
  return count > MAX_CONFIG_KEYS ? [{ kind: "tooMany", count }] : problems;
}

function position(counter: LineCounter, offset: number): { line: number; column: number } {
  const { line, col } = counter.linePos(offset);
  return { line, column: col };
}
