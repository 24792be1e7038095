/**
 * Glob matching for gate requirements, quarantines and tag triggers, in time linear in the
 * name. A regular expression built from a glob backtracks: `*-*-*-*-*-*-*-x` against a name
 * of 50 dashes took seconds. Here a glob is a small automaton and a name is read once, keeping
 * the set of glob positions still alive (at most the glob's length), so a match costs at most
 * name length × glob length steps, whatever the glob.
 *
 * Syntax (picomatch's everyday subset): `*` any characters but `/`; `**` as a whole path segment
 * any characters, `/` included (`smoke/**` also matches `smoke`, `a/**\/b` also `a/b`); `?` one
 * character but `/`; `[a-z]`, `[!a-z]`, `[^a-z]` one character of (or not of) a set; `{a,b}`
 * either alternative; `\` takes the next character literally.
 */

/** Longer names never match: no testcase or tag is that long, and reading one costs time. */
export const MAX_GLOB_NAME_LENGTH = 1024;
/** Braces expand into alternatives; beyond this many a glob matches nothing. */
const MAX_ALTERNATIVES = 64;

type Token =
  | { kind: "char"; char: string }
  | { kind: "one" }
  | { kind: "set"; negated: boolean; ranges: Array<[string, string]> }
  /** `*`: stays on any character but `/`, or moves on without reading. */
  | { kind: "star" }
  /** `**` not followed by `/`: stays on any character, or moves on. */
  | { kind: "globstar" }
  /** `**\/`: nothing, or anything that ends with `/`. */
  | { kind: "globstarSlash" };

export type GlobMatcher = (name: string) => boolean;

/** Whether `pattern` uses any glob syntax (otherwise it names exactly one thing). */
export function isGlob(pattern: string): boolean {
  return /[*?[{\\]/.test(pattern);
}

export function matchGlob(name: string, pattern: string): boolean {
  return compileGlob(pattern)(name);
}

export function compileGlob(pattern: string): GlobMatcher {
  if (pattern.length > MAX_GLOB_NAME_LENGTH) return () => false;
  const alternatives = expandBraces(pattern);
  if (alternatives === null) return () => false;
  const programs = alternatives.flatMap(withOptionalTrailingGlobstar).map(tokenize);
  return (name) => name.length <= MAX_GLOB_NAME_LENGTH && programs.some((tokens) => run(tokens, name));
}

/** Reads `name` once, carrying the set of token positions that are still possible. */
function run(tokens: Token[], name: string): boolean {
  let alive = closure(tokens, [0]);
  for (const char of name) {
    const next: number[] = [];
    for (const at of alive) next.push(...step(tokens[at], at, char));
    if (next.length === 0) return false;
    alive = closure(tokens, next);
  }
  return alive.includes(tokens.length);
}

/** The positions reachable by reading `char` at token position `at`. */
function step(token: Token | undefined, at: number, char: string): number[] {
  if (token === undefined) return [];
  switch (token.kind) {
    case "char":
      return token.char === char ? [at + 1] : [];
    case "one":
      return char === "/" ? [] : [at + 1];
    case "set":
      return char !== "/" && inSet(token, char) ? [at + 1] : [];
    case "star":
      return char === "/" ? [] : [at];
    case "globstar":
      return [at];
    case "globstarSlash":
      return char === "/" ? [at, at + 1] : [at];
  }
}

/** Adds the positions reachable without reading (past stars); each position appears once. */
function closure(tokens: Token[], positions: number[]): number[] {
  const seen = new Set<number>();
  for (let at of positions) {
    while (!seen.has(at)) {
      seen.add(at);
      const kind = tokens[at]?.kind;
      if (kind !== "star" && kind !== "globstar" && kind !== "globstarSlash") break;
      at++;
    }
  }
  return [...seen];
}

function inSet(token: Extract<Token, { kind: "set" }>, char: string): boolean {
  const hit = token.ranges.some(([low, high]) => char >= low && char <= high);
  return hit !== token.negated;
}

function tokenize(pattern: string): Token[] {
  const chars = [...pattern];
  const tokens: Token[] = [];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === "\\" && i + 1 < chars.length) tokens.push({ kind: "char", char: chars[++i]! });
    else if (c === "?") tokens.push({ kind: "one" });
    else if (c === "[") i = readSet(chars, i, tokens);
    else if (c === "*") i = readStars(chars, i, tokens);
    else tokens.push({ kind: "char", char: c });
  }
  return tokens;
}

/** `*`, or `**` when it is a whole segment; returns the index of the last character read. */
function readStars(chars: string[], i: number, tokens: Token[]): number {
  let end = i;
  while (chars[end + 1] === "*") end++;
  const wholeSegment = end > i && (i === 0 || chars[i - 1] === "/") && (end + 1 === chars.length || chars[end + 1] === "/");
  if (!wholeSegment) tokens.push({ kind: "star" });
  else if (chars[end + 1] === "/") return tokens.push({ kind: "globstarSlash" }), end + 1;
  else tokens.push({ kind: "globstar" });
  return end;
}

/** `[...]`; an unclosed `[` is a literal. Returns the index of the last character read. */
function readSet(chars: string[], open: number, tokens: Token[]): number {
  let i = open + 1;
  const negated = chars[i] === "!" || chars[i] === "^";
  if (negated) i++;
  const ranges: Array<[string, string]> = [];
  for (let first = true; i < chars.length && (first || chars[i] !== "]"); i++, first = false) {
    const low = chars[i]!;
    if (chars[i + 1] === "-" && chars[i + 2] !== undefined && chars[i + 2] !== "]") {
      ranges.push([low, chars[i + 2]!]);
      i += 2;
    } else ranges.push([low, low]);
  }
  if (i >= chars.length) {
    tokens.push({ kind: "char", char: "[" });
    return open;
  }
  tokens.push({ kind: "set", negated, ranges });
  return i;
}

/** `a/**` also matches `a` itself. */
function withOptionalTrailingGlobstar(pattern: string): string[] {
  return /(^|[^\\])\/\*\*$/.test(pattern) ? [pattern, pattern.slice(0, -3)] : [pattern];
}

/** `{a,b}c` → [ac, bc], innermost braces first; null when there would be too many. */
function expandBraces(pattern: string): string[] | null {
  let done: string[] = [];
  let todo = [pattern];
  while (todo.length > 0) {
    const next: string[] = [];
    for (const p of todo) {
      const group = innermostBraces(p);
      if (group === null) done.push(p);
      else next.push(...group.options.map((o) => p.slice(0, group.start) + o + p.slice(group.end + 1)));
    }
    if (done.length + next.length > MAX_ALTERNATIVES) return null;
    todo = next;
  }
  done = [...new Set(done)];
  return done;
}

/** The first `{...}` holding no other braces and at least one comma (others are literal). */
function innermostBraces(p: string): { start: number; end: number; options: string[] } | null {
  let start = -1;
  for (let i = 0; i < p.length; i++) {
    if (p[i] === "\\") i++;
    else if (p[i] === "{") start = i;
    else if (p[i] === "}" && start >= 0) {
      const inner = p.slice(start + 1, i);
      if (inner.includes(",")) return { start, end: i, options: inner.split(",") };
      start = -1;
    }
  }
  return null;
}
