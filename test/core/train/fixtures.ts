import type { TrainConfig } from "../../../src/config/schema.js";
import { initialTrainState, type MergedPr, type TrainSetup, type TrainState } from "../../../src/core/train/state.js";
import type { TrainEffect } from "../../../src/core/train/effects.js";
import type { TagRef } from "../../../src/core/versions/tag-scheme.js";

export const repo = { owner: "infra", repo: "dc", installationId: 7 };
export const now = new Date("2026-11-22T10:00:00Z");
export const SRC = "a".repeat(40);
export const SRC2 = "b".repeat(40);
export const HEAD = "c".repeat(40);
export const HEAD2 = "d".repeat(40);

export function config(over: Partial<TrainConfig> = {}): TrainConfig {
  return { branch: "release", gate: "release", scheme: "date", promote: { after: "24h", auto: false, enforce: false }, ...over };
}

export function setup(over: Partial<TrainSetup> = {}, tags: TagRef[] = []): TrainSetup {
  return { repo, config: config(), sourceBranch: "main", testTagPolicy: false, packagePipeline: null, tags, ...over };
}

export const pr = (number: number, labels: string[] = []): MergedPr => ({ number, title: `Change ${number}`, author: `dev${number}`, labels });

export function state(over: Partial<TrainState> = {}): TrainState {
  return { ...initialTrainState(), ...over };
}

/** The effect kinds in order, with the distinguishing detail of each. */
export function summarize(effects: TrainEffect[]): string[] {
  return effects.map((effect) => {
    switch (effect.kind) {
      case "mergeBranch": return `merge ${effect.head.slice(0, 3)} into ${effect.base}`;
      case "createBranch": return `createBranch ${effect.branch} at ${effect.sha.slice(0, 3)}`;
      case "createTag": return `createTag ${effect.name} at ${effect.sha.slice(0, 3)}`;
      case "createRelease": return `createRelease ${effect.tagName}${effect.draft ? " draft" : ""}${effect.prerelease ? " prerelease" : ""}`;
      case "updateRelease": return `updateRelease ${effect.tagName} ${JSON.stringify({ draft: effect.draft, prerelease: effect.prerelease, makeLatest: effect.makeLatest })}`;
      case "openIssue": return `openIssue ${effect.title}`;
      case "closeIssue": return `closeIssue #${effect.issueNumber}`;
      case "upsertComment": return `upsertComment #${effect.issueNumber}`;
      case "startPipeline": return `startPipeline ${effect.pipeline} (${effect.purpose}) at ${effect.sha.slice(0, 3)}`;
      case "evaluateGate": return `evaluateGate ${effect.context} at ${effect.sha.slice(0, 3)}`;
      case "upsertCheckRun": return `check ${effect.name} ${effect.conclusion ?? effect.status} "${effect.title}"${effect.actions?.length ? ` [${effect.actions.map((a) => a.label).join(",")}]` : ""}`;
      case "comment": return `comment #${effect.issueNumber}: ${effect.body}`;
      case "react": return `react ${effect.content}`;
    }
  });
}
