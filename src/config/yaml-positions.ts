/**
 * Maps a field path (["pipelines", "e2e", "jobs", 0]) to where it sits in the YAML text, so an
 * error can name a line. When the path does not exist (a missing key, or a value inherited
 * through `_extends`), the deepest node that does exist is used.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair, type YAMLMap } from "yaml";

export interface Located {
  line: number;
  column: number;
  /** How many path segments were found in the text. */
  depth: number;
}

interface Step {
  /** The node the next segment is looked up in. */
  next: unknown;
  /** Where to point for this segment: the value, or its key when the value starts on a later line. */
  offset: number;
}

/** `atKey`: point at the last key itself (unknown keys, bad names) rather than its value. */
export function locatePath(doc: Document, counter: LineCounter, path: readonly PropertyKey[], atKey = false): Located {
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? 0;
  let depth = 0;
  for (const [i, segment] of path.entries()) {
    const step = stepInto(doc, node, segment, counter, atKey && i === path.length - 1);
    if (step === null) break;
    node = step.next;
    offset = step.offset;
    depth++;
  }
  const { line, col } = counter.linePos(offset);
  return { line, column: col, depth };
}

function stepInto(doc: Document, parent: unknown, segment: PropertyKey, counter: LineCounter, atKey: boolean): Step | null {
  // Aliases point at the anchored node; errors then show where the shared value is written.
  const node = isAlias(parent) ? parent.resolve(doc) : parent;
  if (isSeq(node) && typeof segment === "number") {
    const item = node.items[segment];
    const start = rangeStart(item);
    return start === undefined ? null : { next: item, offset: start };
  }
  if (!isMap(node)) return null;
  const pair = pairOf(node, segment);
  if (pair === undefined) return null;
  const keyStart = rangeStart(pair.key) ?? rangeStart(node) ?? 0;
  const valueStart = rangeStart(pair.value);
  const sameLine = !atKey && valueStart !== undefined && counter.linePos(valueStart).line === counter.linePos(keyStart).line;
  return { next: pair.value, offset: sameLine ? valueStart : keyStart };
}

/**
 * A mapping's pairs by key, built once per mapping: looking each error's key up by scanning
 * made a file with thousands of bad keys quadratic.
 */
const pairsByKey = new WeakMap<YAMLMap, Map<string, Pair>>();

function pairOf(map: YAMLMap, segment: PropertyKey): Pair | undefined {
  let index = pairsByKey.get(map);
  if (index === undefined) {
    index = new Map();
    for (const pair of map.items) {
      // The first of repeated keys wins, as a scan from the top would find it.
      if (isScalar(pair.key) && !index.has(String(pair.key.value))) index.set(String(pair.key.value), pair);
    }
    pairsByKey.set(map, index);
  }
  return index.get(String(segment));
}

function rangeStart(node: unknown): number | undefined {
  if (node === null || typeof node !== "object" || !("range" in node)) return undefined;
  return (node as Node).range?.[0];
}
