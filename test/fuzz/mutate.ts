/** Seeded mutations of webhook payloads: dropped fields, wrong types, nulls, huge and hostile strings. */

export type Random = () => number;

export { seeded } from "../fakes/faults.js";

const HOSTILE = [
  "",
  "refs/heads/\u0000\u0001\u001f",
  "refs/tags/release-2026.11.22-1\u202e",
  "run-e2e\n/cancel",
  "<script>alert(1)</script>",
  "'; DROP TABLE journal; --",
  "../../../../etc/passwd",
  "🚂".repeat(1000),
  "\ud800",
  "refs/heads/" + "a".repeat(300),
];

/** Applies 1–4 random mutations to a deep copy of `payload`. */
export function mutate(payload: unknown, random: Random): unknown {
  const copy = structuredClone(payload) as Record<string, unknown>;
  const times = 1 + Math.floor(random() * 4);
  for (let i = 0; i < times; i++) mutateOnce(copy, random);
  return copy;
}

function mutateOnce(root: Record<string, unknown>, random: Random): void {
  const [parent, key] = pickField(root, random);
  if (!parent || key === undefined) return;
  const choice = random();
  if (choice < 0.2) delete parent[key];
  else if (choice < 0.35) parent[key] = null;
  else if (choice < 0.5) parent[key] = Math.floor(random() * 1e12) * (random() < 0.5 ? -1 : 1);
  else if (choice < 0.6) parent[key] = [];
  else if (choice < 0.7) parent[key] = { unexpected: true };
  else if (choice < 0.75) parent[key] = "x".repeat(1024 * 1024);
  else parent[key] = HOSTILE[Math.floor(random() * HOSTILE.length)]!;
}

/** A random field somewhere in the object tree (biased towards the interesting top levels). */
function pickField(root: Record<string, unknown>, random: Random): [Record<string, unknown> | undefined, string | undefined] {
  let node: Record<string, unknown> = root;
  for (let depth = 0; depth < 4; depth++) {
    const keys = Object.keys(node);
    if (keys.length === 0) return [undefined, undefined];
    const key = keys[Math.floor(random() * keys.length)]!;
    const child = node[key];
    if (child && typeof child === "object" && !Array.isArray(child) && random() < 0.5) node = child as Record<string, unknown>;
    else return [node, key];
  }
  return [node, Object.keys(node)[0]];
}
