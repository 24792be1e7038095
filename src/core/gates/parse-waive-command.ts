/**
 * `/waive <testcase> <reason…> [--context <name>] [--for 2d]` and `/unwaive <testcase> [--context <name>]`
 * in a pull request comment. The first line starting with either command counts.
 */
import { parseDuration } from "../../config/duration.js";

export const DEFAULT_WAIVER_MS = 7 * 86_400_000;
/** Waivers "do not outlive their purpose": a longer one is refused, so someone re-decides. */
export const MAX_WAIVER_MS = 30 * 86_400_000;

export const WAIVE_USAGE = "Usage: `/waive <testcase> <reason…> [--context <name>] [--for 2d]`";
export const UNWAIVE_USAGE = "Usage: `/unwaive <testcase> [--context <name>]`";

export interface WaiveCommand {
  kind: "waive";
  testcase: string;
  reason: string;
  /** Null: every decision context. */
  context: string | null;
  durationMs: number;
}

export interface UnwaiveCommand {
  kind: "unwaive";
  testcase: string;
  /** Null: the testcase's waivers in every context. */
  context: string | null;
}

export type ParsedWaiveCommand = WaiveCommand | UnwaiveCommand | { kind: "usage"; error: string };

const COMMAND_LINE = /^\s*\/(waive|unwaive)(?:\s+(.*))?$/;

/** The command in a comment, a usage error to reply with, or null when the comment has none. */
export function parseWaiveCommand(body: string): ParsedWaiveCommand | null {
  const match = body.split(/\r?\n/).map((line) => COMMAND_LINE.exec(line)).find((m) => m !== null);
  if (!match) return null;
  const name = match[1] as "waive" | "unwaive";
  const usage = name === "waive" ? WAIVE_USAGE : UNWAIVE_USAGE;
  const options = parseOptions((match[2] ?? "").split(/\s+/).filter((t) => t !== ""));
  if ("error" in options) return { kind: "usage", error: `${options.error}. ${usage}` };
  const [testcase, ...rest] = options.words;
  if (testcase === undefined) return { kind: "usage", error: `/${name} needs a testcase. ${usage}` };
  if (name === "unwaive") {
    if (options.duration !== undefined) return { kind: "usage", error: `/unwaive takes no --for. ${usage}` };
    return { kind: "unwaive", testcase, context: options.context ?? null };
  }
  if (rest.length === 0) return { kind: "usage", error: `/waive needs a reason after the testcase. ${usage}` };
  const durationMs = options.duration === undefined ? DEFAULT_WAIVER_MS : parseDuration(options.duration);
  if (durationMs === null || durationMs <= 0) return { kind: "usage", error: `--for needs a duration such as 2d or 12h, not "${options.duration}". ${usage}` };
  if (durationMs > MAX_WAIVER_MS) return { kind: "usage", error: `--for may be at most 30d. ${usage}` };
  return { kind: "waive", testcase, reason: rest.join(" "), context: options.context ?? null, durationMs };
}

interface Options {
  words: string[];
  context?: string;
  duration?: string;
}

/** Pulls `--context X`, `--context=X`, `--for X`, `--for=X` out of the words, wherever they are. */
function parseOptions(tokens: string[]): Options | { error: string } {
  const out: Options = { words: [] };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const flag = /^--(context|for)(?:=(.*))?$/.exec(token);
    if (flag === null) {
      if (token.startsWith("--") && token.length > 2) return { error: `unknown option ${token}` };
      out.words.push(token);
      continue;
    }
    const value = flag[2] ?? tokens[++i];
    if (value === undefined || value === "") return { error: `--${flag[1]} needs a value` };
    if (flag[1] === "context") out.context = value;
    else out.duration = value;
  }
  return out;
}

/** The identifier of the Waive button on a failed gate check run. */
export const WAIVE_ACTION = "gate-waive";
