/** The `.env` file in the working directory: read before anything else, written by the setup page. */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnv } from "node:util";

function readDotEnv(cwd: string): Record<string, string> {
  try {
    return parseEnv(readFileSync(join(cwd, ".env"), "utf8")) as Record<string, string>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw error;
  }
}

/** `.env` over the environment, as Probot applies it, so signalbox and Probot read the same values. */
export function applyDotEnv(cwd: string, env: NodeJS.ProcessEnv = process.env): void {
  Object.assign(env, readDotEnv(cwd));
}

/** Merges `values` into `.env` (multi-line values such as a PEM are quoted, newlines as \n). */
export function updateDotEnv(cwd: string, values: Record<string, string>): void {
  const merged = { ...readDotEnv(cwd), ...values };
  const lines = Object.entries(merged).map(([key, value]) => `${key}=${formatValue(value)}`);
  writeFileSync(join(cwd, ".env"), lines.join("\n") + "\n", { mode: 0o600 });
}

/** Node's `.env` parser expands \n only inside double quotes, and unescapes nothing else. */
function formatValue(value: string): string {
  if (value.includes("\n")) return `"${value.replace(/\n/g, "\\n")}"`;
  return /[\s"'#]/.test(value) ? `'${value}'` : value;
}
