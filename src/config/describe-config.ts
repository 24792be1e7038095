/**
 * Says in plain lines what a valid config turns on; the success summary of the
 * `signalbox/config` check run, so a maintainer can confirm the app read what they meant.
 */
import type { Pipeline, Trigger } from "./schema-pipelines.js";
import { effectiveStages } from "./check-config.js";
import type { SignalboxConfig, TrainConfig } from "./schema.js";

export function describeConfig(config: SignalboxConfig): string[] {
  const lines = [
    ...Object.entries(config.pipelines).map(([name, pipeline]) => describePipeline(name, pipeline)),
    ...(config.train ? [describeTrain(config.train)] : []),
    ...Object.entries(config.gates).map(([name, policy]) => describeGate(name, policy)),
  ];
  if (lines.length === 0) return ["Nothing is turned on: no pipelines, no release train, no gates."];
  if (!config.train) lines.push("No release train: signalbox never merges, tags or releases on its own.");
  if (config.board.mappings.length > 0) lines.push(`Board: ${plural(config.board.mappings.length, "build name mapping")}.`);
  if (config.trusted_bots.length > 0) lines.push(`Trusted bots: ${config.trusted_bots.map(code).join(", ")}.`);
  return lines;
}

function describePipeline(name: string, pipeline: Pipeline): string {
  const jobs = Object.values(pipeline.jobs);
  const used = new Set(jobs.map((job) => job.stage));
  const stages = effectiveStages(pipeline.stages).filter((stage) => used.has(stage));
  const manual = jobs.filter((job) => job.when === "manual").length;
  const extra = manual > 0 ? `, ${manual} manual` : "";
  return `Pipeline ${code(name)}: ${describeTrigger(pipeline.on)}, ${plural(jobs.length, "job")} in ${plural(stages.length, "stage")} (${stages.join(", ")})${extra}`;
}

function describeTrigger(on: Trigger): string {
  if (on === "pull_request") return "on every pull request";
  if ("label" in on) return `on label ${code(on.label)}`;
  if ("push" in on) return `on push to ${code(on.push)}`;
  if ("tag" in on) return `on tags matching ${code(on.tag)}`;
  const branch = on.branch === undefined ? "the default branch" : code(on.branch);
  return `on schedule ${code(on.schedule)} (UTC) on ${branch}`;
}

function describeTrain(train: TrainConfig): string {
  const source = train.source === undefined ? "default branch" : train.source;
  const parts = [`Release train: ${source} → ${train.branch}`];
  parts.push(train.gate === null ? "no gate (tags at once)" : `gate ${code(train.gate)}`);
  if (train.nightly !== undefined) parts.push(`nightly ${code(train.nightly)}`);
  if (train.scheme === "semver") parts.push("semver tags");
  const { after, auto, enforce } = train.promote;
  parts.push(`promotion after ${after} (${auto ? "automatic" : "manual"}${enforce ? ", enforced" : ""})`);
  return parts.join(", ");
}

function describeGate(name: string, policy: SignalboxConfig["gates"][string]): string {
  const required = policy.require.length === 0 ? "requires nothing" : `requires ${policy.require.map(code).join(", ")}`;
  const window = [
    policy.valid_since === undefined ? "" : `since ${policy.valid_since}`,
    policy.valid_until === undefined ? "" : `until ${policy.valid_until}`,
  ].filter(Boolean);
  const quarantine = policy.quarantine.length > 0 ? `; quarantined: ${policy.quarantine.map(code).join(", ")}` : "";
  return `Gate ${code(name)}: ${required}${window.length ? ` (results ${window.join(" ")})` : ""}${quarantine}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** A Markdown code span that survives backticks in user text (CommonMark: use a longer fence). */
function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = longest > 0 ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}
