/**
 * The `signalbox/train` check run on the release head: the merged PRs, the gate's results, the
 * test tag and a Release button; and the `signalbox/promote` check run on a release commit.
 */
import type { GateReport, ReleaseFact, ReleaseHead, TrainState } from "../train/state.js";
import { PROMOTE_ACTION, PROMOTE_CHECK, RELEASE_ACTION, TRAIN_CHECK } from "../train/state.js";
import type { CheckConclusion, RepoRef, UpsertCheckRunEffect } from "../types.js";
import { escapeMarkdown, formatAuthor, renderEvidence } from "./release-notes.js";

export interface TrainCheckContext {
  repo: RepoRef;
  branch: string;
  paused: TrainState["paused"];
  /** The release tag the Release button would create. */
  releaseTagToBe: string | null;
}

export function renderTrainCheck(head: ReleaseHead, ctx: TrainCheckContext): UpsertCheckRunEffect {
  const running = head.gate?.status === "running" || (!head.testTag && head.gate?.status !== "failed");
  const offerRelease = head.testTag !== null && head.releaseTag === null && ctx.releaseTagToBe !== null;
  return {
    kind: "upsertCheckRun",
    repo: ctx.repo,
    name: TRAIN_CHECK,
    headSha: head.sha,
    status: running ? "in_progress" : "completed",
    ...(running ? {} : { conclusion: head.gate?.status === "failed" ? "failure" : "success" }),
    title: (ctx.paused ? "Paused · " : "") + titleOf(head),
    summary: summaryOf(head, ctx),
    actions: offerRelease ? [{ identifier: RELEASE_ACTION, label: "Release", description: `Create ${ctx.releaseTagToBe}`.slice(0, 40) }] : [],
  };
}

function titleOf(head: ReleaseHead): string {
  if (head.releaseTag) return `Released as ${head.releaseTag}`;
  const again = head.gate?.nightly ? "nightly gate" : "gate";
  if (head.testTag && head.gate?.status === "running") return `Tagged ${head.testTag}; ${again} running`;
  if (head.testTag) return head.gate?.status === "failed" ? `Tagged ${head.testTag}; ${again} failed` : `Tagged ${head.testTag}`;
  if (head.gate?.status === "failed") return "Gate failed: not tagged";
  if (head.gate?.status === "running") return "Gate running";
  return "Tagging";
}

function summaryOf(head: ReleaseHead, ctx: TrainCheckContext): string {
  const lines = [`Release head \`${head.sha.slice(0, 7)}\` on \`${ctx.branch}\`.`, ""];
  if (ctx.paused) lines.push(`> ⏸️ The train is paused by ${formatAuthor(ctx.paused.by)}: ${escapeMarkdown(ctx.paused.reason)}. Merges queue until \`/train resume\`.`, "");
  if (head.note) lines.push(`> ${escapeMarkdown(head.note)}`, "");
  lines.push("### Merged pull requests", "");
  lines.push(...(head.prs.length ? head.prs.map((pr) => `- ${escapeMarkdown(pr.title)} (#${pr.number}) by ${formatAuthor(pr.author)}`) : ["- None recorded."]));
  lines.push("", ...gateLines(head.gate), "", "### Tag", "");
  if (head.releaseTag) lines.push(`\`${head.testTag}\`, released as \`${head.releaseTag}\`.`);
  else if (head.testTag) lines.push(`\`${head.testTag}\`. Press **Release** to create \`${ctx.releaseTagToBe}\` and its pre-release.`);
  else lines.push("Not tagged yet.");
  return lines.join("\n");
}

function gateLines(gate: GateReport | null): string[] {
  if (!gate) return ["### Gate", "", "No gate: tagged at once."];
  const heading = gate.nightly ? `### Gate (nightly, ${gate.at})` : `### Gate (${gate.at})`;
  if (gate.status === "running") return [heading, "", "Running…"];
  return [heading, "", ...renderEvidence(gate.outcomes).slice(2)];
}

/** A failed `signalbox/train` check run that says what went wrong and what to do. */
export function renderTrainProblem(repo: RepoRef, sha: string, title: string, summary: string): UpsertCheckRunEffect {
  return { kind: "upsertCheckRun", repo, name: TRAIN_CHECK, headSha: sha, status: "completed", conclusion: "failure", title, summary };
}

export interface PromoteCheckInput {
  repo: RepoRef;
  release: ReleaseFact;
  gatePassed: boolean;
  gateSummary: string;
  /** e.g. "Promoted by @alice" or why a promotion was refused. */
  note?: string;
  promoted?: boolean;
  /** Something other than the gate stands in the way (a newer latest release): no button. */
  blocked?: boolean;
}

export function renderPromoteCheck(input: PromoteCheckInput): UpsertCheckRunEffect {
  const { release, promoted } = input;
  const may = input.gatePassed && !input.blocked;
  const conclusion: CheckConclusion = promoted ? "success" : may ? "neutral" : "failure";
  const title = promoted ? `${release.tag} is in production` : may ? `${release.tag} may be promoted` : `${release.tag} may not be promoted`;
  const lines = [`Pre-release \`${release.tag}\` on \`${release.sha.slice(0, 7)}\`.`, "", `Promote gate: ${escapeMarkdown(input.gateSummary)}`];
  if (input.note) lines.push("", `> ${escapeMarkdown(input.note)}`);
  const offer = !promoted && input.gatePassed && !input.blocked;
  return {
    kind: "upsertCheckRun",
    repo: input.repo,
    name: PROMOTE_CHECK,
    headSha: release.sha,
    status: "completed",
    conclusion,
    title,
    summary: lines.join("\n"),
    actions: offer ? [{ identifier: PROMOTE_ACTION, label: "Promote", description: `Make ${release.tag} the latest`.slice(0, 40) }] : [],
  };
}
