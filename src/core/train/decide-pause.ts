/** `/train pause <reason>` and `/train resume`: stop the train, and catch up when it restarts. */
import type { TrainEffect } from "./effects.js";
import { canWrite, type Actor, type TrainDecision, type TrainSetup, type TrainState } from "./state.js";
import { mergeEffect, trainCheck } from "./train-steps.js";

export interface TrainCommand {
  command: "pause" | "resume";
  reason: string;
}

export interface TrainCommandEvent extends TrainCommand {
  kind: "trainCommand";
  issueNumber: number;
  commentId: number;
  actor: Actor;
}

/** The first line of a comment that is a train command, or null. */
export function parseTrainCommand(body: string): TrainCommand | null {
  for (const line of body.split(/\r?\n/)) {
    const match = /^\/train[ \t]+(pause|resume)(?:[ \t]+(.*))?$/.exec(line.trim());
    if (match) return { command: match[1] as TrainCommand["command"], reason: (match[2] ?? "").trim().slice(0, 200) };
  }
  return null;
}

export function decideTrainCommand(state: TrainState, event: TrainCommandEvent, facts: TrainSetup, now: Date): TrainDecision {
  const reply = (body: string, reason: string): TrainDecision => ({
    state,
    effects: [{ kind: "comment", repo: facts.repo, issueNumber: event.issueNumber, body: `@${event.actor.login} ${body}` }],
    reason,
  });
  if (!canWrite(event.actor)) return reply(`only people with write access can ${event.command} the train.`, `${event.actor.login} lacks write permission`);
  if (event.command === "pause") {
    if (state.paused) return reply(`the train is already paused by @${state.paused.by} since ${state.paused.at}: ${state.paused.reason}`, "already paused");
    const paused = { reason: event.reason || "no reason given", by: event.actor.login, at: now.toISOString() };
    return acknowledge({ ...state, paused }, event, facts, [], `paused by ${event.actor.login}: ${paused.reason}`);
  }
  const latest = state.pending.at(-1)?.sourceSha ?? state.blocked?.sourceSha;
  if (!state.paused && !state.blocked) return reply("the train is not paused or blocked; nothing to resume.", "nothing to resume");
  // Merging the newest queued push brings every earlier one along, and retries a resolved conflict.
  const catchUp: TrainEffect[] = latest ? [mergeEffect(facts, latest)] : [];
  const caught = latest ? `; merging ${latest.slice(0, 7)}` : "";
  return acknowledge({ ...state, paused: null }, event, facts, catchUp, `resumed by ${event.actor.login}${caught}`);
}

function acknowledge(next: TrainState, event: TrainCommandEvent, facts: TrainSetup, more: TrainEffect[], reason: string): TrainDecision {
  const effects: TrainEffect[] = [{ kind: "react", repo: facts.repo, commentId: event.commentId, content: "+1" }, ...more];
  if (next.head) effects.push(trainCheck(next.head, next, facts));
  return { state: next, effects, reason };
}
