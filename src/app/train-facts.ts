/**
 * Facts the train's decisions read, gathered from GitHub: the tags (so a lost store loses no
 * number), the release of a tag, the PRs a release carries, the open blocking issue.
 */
import type { ConfigResult } from "../config/parse-config.js";
import type { Actor, GateOutcome, MergedPr, PromoteFacts, ReleaseFact, ReleaseFacts, TrainSetup, TrainState } from "../core/train/index.js";
import { planRelease } from "../core/train/decide-release.js";
import { buildReleasePrs } from "../core/train/release-prs.js";
import type { RepoRef } from "../core/types.js";
import { tagSchemeFor } from "../core/versions/tag-scheme.js";
import type { GitHubPort } from "../effects/github-port.js";
import type { ReleaseView, TrainPort } from "../effects/train-port.js";

export const BLOCKED_TITLE = "Release train blocked";

/** The setup every train decision reads, or null when the repository has no `train:`. */
export async function loadTrainSetup(repo: RepoRef, config: ConfigResult, port: GitHubPort, train: TrainPort, defaultBranch?: string): Promise<TrainSetup | null> {
  const trainConfig = config.errors.length === 0 ? config.config.train : undefined;
  if (!trainConfig) return null;
  const { test, release } = tagSchemeFor(trainConfig.scheme).prefixes;
  const prefixes = [...new Set([test, release])];
  const tags = (await Promise.all(prefixes.map((prefix) => train.listTags(repo, prefix)))).flat();
  // Webhook payloads name the default branch; only timers and API calls need to ask GitHub.
  const sourceBranch = trainConfig.source ?? defaultBranch ?? (await port.getBranchHead(repo)).branch;
  return {
    repo,
    config: trainConfig,
    sourceBranch,
    testTagPolicy: config.config.gates?.test_tag !== undefined,
    packagePipeline: packagePipelineOf(config, release),
    tags,
  };
}

/** A pipeline started by the scheme's release tags builds the release's assets before it is published. */
function packagePipelineOf(config: ConfigResult, releasePrefix: string): string | null {
  const entry = Object.entries(config.config.pipelines ?? {}).find(([, p]) => typeof p.on === "object" && "tag" in p.on && p.on.tag.startsWith(releasePrefix));
  return entry?.[0] ?? null;
}

export async function actorOf(port: GitHubPort, repo: RepoRef, login: string): Promise<Actor> {
  return { login, permission: (await port.getPermission(repo, login)) as Actor["permission"] };
}

/** Active waivers on a commit, as evidence lines for its release notes. */
export type WaiverEvidence = (sha: string) => Promise<GateOutcome[]>;

/** `drafts`: also find the tag's draft release (only the package pipeline's answer needs it). */
export async function releaseFacts(setup: TrainSetup, state: TrainState, sha: string, tag: string | null, train: TrainPort, waivers: WaiverEvidence, drafts = false): Promise<ReleaseFacts> {
  const plan = planRelease(setup, sha);
  const releaseTag = tag ?? ("error" in plan ? null : plan.releaseTag);
  return {
    ...setup,
    prs: releaseTag ? await releasePrs(setup, state, sha, releaseTag, train) : [],
    evidence: [...(state.head?.sha === sha ? state.head.gate?.outcomes ?? [] : []), ...(await waivers(sha))],
    release: releaseTag ? await releaseFact(setup, releaseTag, train, drafts) : null,
  };
}

/** `promoteGate` judges `gates.promote` on the release's commit (null: no policy configured). */
export async function promoteFacts(setup: TrainSetup, state: TrainState, tag: string, train: TrainPort, promoteGate: (sha: string) => Promise<{ passed: boolean; summary: string } | null>): Promise<PromoteFacts> {
  const release = await releaseFact(setup, tag, train);
  const gate = release ? await promoteGate(release.sha) : null;
  const scheme = tagSchemeFor(setup.config.scheme);
  const published = (await train.listReleases(setup.repo)).filter((r) => !r.draft && !r.prerelease).map((r) => r.tagName);
  return {
    ...setup,
    release,
    gate: gate ?? { passed: true, summary: "No promote gate is configured." },
    prs: release ? await releasePrs(setup, state, release.sha, tag, train) : [],
    latestRelease: scheme.newestRelease(published),
  };
}

/**
 * The release of `tag`. A release comes after its tag (signalbox tags first), so a tag missing
 * from the list read for this entry has none. GitHub keeps drafts out of the by-tag lookup, so a
 * draft is looked for in the list of releases, and only when asked for (`drafts`).
 */
async function releaseFact(setup: TrainSetup, tag: string, train: TrainPort, drafts = false): Promise<ReleaseFact | null> {
  const sha = setup.tags.find((t) => t.name === tag)?.sha;
  if (!sha) return null;
  let view: ReleaseView | null = await train.getReleaseByTag(setup.repo, tag);
  if (!view && drafts) view = (await train.listReleases(setup.repo)).find((r) => r.draft && r.tagName === tag) ?? null;
  if (!view) return null;
  return { id: view.id, tag, sha, draft: view.draft, prerelease: view.prerelease, publishedAt: view.draft ? null : view.publishedAt };
}

/**
 * The PRs a release carries, the same for the Release button, a pushed tag, packaging and
 * promotion: those merged since the previous release tag's commit, and those the train carried.
 */
async function releasePrs(setup: TrainSetup, state: TrainState, sha: string, releaseTag: string, train: TrainPort): Promise<MergedPr[]> {
  const scheme = tagSchemeFor(setup.config.scheme);
  const older = setup.tags.filter((t) => scheme.isReleaseTag(t.name) && t.name !== releaseTag && scheme.compare(t.name, releaseTag) < 0);
  const previous = scheme.newestRelease(older.map((t) => t.name));
  const base = previous ? older.find((t) => t.name === previous)!.sha : null;
  const pulls = (await train.mergedPullsBetween(setup.repo, base, sha)).map(({ number, title, author, labels }) => ({ number, title, author, labels }));
  const testTag = setup.tags.find((t) => t.sha === sha && scheme.isTestTag(t.name) && scheme.releases(releaseTag, t.name))?.name ?? null;
  return buildReleasePrs(pulls, state, scheme, releaseTag, testTag);
}
