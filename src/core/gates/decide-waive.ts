/**
 * Whether a `/waive` or `/unwaive` comment takes effect, and the reply. Pure: the sender's
 * permission, the item's results and waivers and the time are facts.
 */
import { isActive, newestResult } from "./decide-gate.js";
import type { UnwaiveCommand, WaiveCommand } from "./parse-waive-command.js";
import type { NewWaiver, Result, Waiver } from "./types.js";

export type WaivePermission = "admin" | "maintain" | "write" | "triage" | "read" | "none";

export interface WaiveFacts {
  command: WaiveCommand | UnwaiveCommand;
  sender: string;
  permission: WaivePermission;
  /** The pull request's head SHA: what the waiver is scoped to. */
  item: string;
  /** The decision contexts configured under `gates:`. */
  contexts: string[];
  /** The item's results (any order; the newest per testcase decides). */
  results: Result[];
  /** The item's waivers. */
  waivers: Waiver[];
  now: Date;
}

export type WaiveDecision =
  | { kind: "add"; waiver: NewWaiver; reply: string }
  | { kind: "revoke"; testcase: string; item: string; context: string | null; by: string; reply: string }
  | { kind: "refuse"; reason: string; reply: string };

const CAN_WAIVE: ReadonlySet<WaivePermission> = new Set(["admin", "maintain", "write"]);

export function decideWaive(facts: WaiveFacts): WaiveDecision {
  // 1. permission  2. a known context  3. waive (not while running) or unwaive (an active one)
  const { command, sender, item } = facts;
  const name = command.kind === "waive" ? "/waive" : "/unwaive";
  if (!CAN_WAIVE.has(facts.permission)) {
    return refuse(`${sender} lacks write permission`, `@${sender}, \`${name}\` needs write permission on this repository.`);
  }
  if (command.context !== null && !facts.contexts.includes(command.context)) {
    const known = facts.contexts.length > 0 ? `the gates here are ${facts.contexts.map(code).join(", ")}` : "this repository has no gates configured";
    return refuse(`unknown context ${command.context}`, `@${sender}, there is no gate ${code(command.context)}: ${known}.`);
  }
  return command.kind === "waive" ? decideAdd(facts, command) : decideRevoke(facts, command, item);
}

function decideAdd(facts: WaiveFacts, command: WaiveCommand): WaiveDecision {
  const { sender, item, now } = facts;
  const latest = newestResult(facts.results, item, command.testcase, now);
  if (latest !== undefined && (latest.outcome === "QUEUED" || latest.outcome === "RUNNING")) {
    const state = latest.outcome.toLowerCase();
    return refuse(
      `${command.testcase} is ${state}`,
      `@${sender}, ${code(command.testcase)} is ${state} on ${short(item)}; a test still under way cannot be waived. Wait for its result, then waive it if it fails.`,
    );
  }
  const expiresAt = new Date(now.getTime() + command.durationMs);
  const waiver: NewWaiver = { testcase: command.testcase, item, context: command.context, reason: command.reason, by: sender, createdAt: now, expiresAt };
  const scope = command.context === null ? "in every gate" : `in the gate ${code(command.context)}`;
  const reply =
    `@${sender} waived ${code(command.testcase)} on ${short(item)} ${scope} until ${formatTime(expiresAt)}: ${oneLine(command.reason)}\n\n` +
    `\`/unwaive ${command.testcase}\` revokes it.`;
  return { kind: "add", waiver, reply };
}

function decideRevoke(facts: WaiveFacts, command: UnwaiveCommand, item: string): WaiveDecision {
  const { sender, now } = facts;
  const active = facts.waivers.filter(
    (w) => w.item === item && w.testcase === command.testcase && isActive(w, now) && (command.context === null || w.context === command.context),
  );
  const scope = command.context === null ? "" : ` in the gate ${code(command.context)}`;
  if (active.length === 0) {
    return refuse(`no active waiver of ${command.testcase}`, `@${sender}, there is no active waiver of ${code(command.testcase)} on ${short(item)}${scope}.`);
  }
  const reply = `@${sender} revoked the waiver of ${code(command.testcase)} on ${short(item)}${scope}.`;
  return { kind: "revoke", testcase: command.testcase, item, context: command.context, by: sender, reply };
}

function refuse(reason: string, reply: string): WaiveDecision {
  return { kind: "refuse", reason, reply };
}

/** Inline code that user text cannot break out of. */
export function code(text: string): string {
  return `\`${oneLine(text).replace(/`/g, "'")}\``;
}

const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();
const short = (sha: string) => sha.slice(0, 7);
const formatTime = (date: Date) => `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
