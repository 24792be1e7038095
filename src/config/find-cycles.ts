/**
 * Cycles in a `needs` graph. Iterative, because a generated pipeline can have thousands of
 * jobs and a recursive walk would overflow the stack on a long chain.
 */

/** Each cycle as the names along it, ending where it starts: ["a", "b", "a"]. */
export function findCycles(needs: ReadonlyMap<string, readonly string[]>): string[][] {
  const state = new Map<string, "open" | "done">();
  const cycles: string[][] = [];
  for (const start of needs.keys()) {
    if (state.has(start)) continue;
    const stack: { name: string; next: number }[] = [{ name: start, next: 0 }];
    state.set(start, "open");
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const targets = needs.get(top.name) ?? [];
      const target = targets[top.next++];
      if (target === undefined) {
        state.set(top.name, "done");
        stack.pop();
      } else if (!needs.has(target) || state.get(target) === "done") {
        continue;
      } else if (state.get(target) === "open") {
        const from = stack.findIndex((frame) => frame.name === target);
        cycles.push([...stack.slice(from).map((frame) => frame.name), target]);
      } else {
        state.set(target, "open");
        stack.push({ name: target, next: 0 });
      }
    }
  }
  return cycles;
}
