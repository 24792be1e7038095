/**
 * A project's `from=to` lines, which rename reported builds to short names on the board.
 * Lines without a name on both sides of the first `=` are ignored, so a stray blank line
 * or a half-typed mapping never hides a build.
 */
export interface BuildMapping {
  from: string;
  to: string;
}

export function parseBuildMappings(lines: readonly string[]): BuildMapping[] {
  const mappings: BuildMapping[] = [];
  for (const line of lines.flatMap((text) => text.split(/\r?\n/))) {
    const at = line.indexOf("=");
    if (at < 0) continue;
    const from = line.slice(0, at).trim();
    const to = line.slice(at + 1).trim();
    if (from !== "" && to !== "") mappings.push({ from, to });
  }
  return mappings;
}

/** The short name of a build: the first mapping from its name wins; unmapped names stay as they are. */
export function shortNameOf(name: string, mappings: readonly BuildMapping[]): string {
  return mappings.find((mapping) => mapping.from === name)?.to ?? name;
}
