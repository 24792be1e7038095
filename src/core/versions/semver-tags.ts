/**
 * The semver scheme: test tags `vX.Y.Z-rc.N`, release tags `vX.Y.Z`. The next version bumps the
 * latest release by the highest of the PR labels `major`/`minor`/`patch` (patch without one),
 * and never falls below a version that already has release candidates, so a later patch-only
 * merge does not take a pending minor release backwards.
 */
import semver from "semver";
import type { TagKind } from "./date-tags.js";

export interface SemverTag {
  kind: TagKind;
  /** "X.Y.Z" */
  version: string;
  /** N of `-rc.N`; null for a release. */
  rc: number | null;
}

const NUM = "(0|[1-9][0-9]{0,8})";
const SEMVER_TAG = new RegExp(`^v${NUM}\\.${NUM}\\.${NUM}(?:-rc\\.([0-9]+))?$`);

export function parseSemverTagDetailed(name: string): { tag: SemverTag } | { error: string } {
  if (name.length > 64) return { error: `it is ${name.length} characters long; tags look like vX.Y.Z or vX.Y.Z-rc.N` };
  const match = SEMVER_TAG.exec(name);
  if (!match) return { error: "it does not have the form vX.Y.Z or vX.Y.Z-rc.N (ASCII digits, no leading zeros)" };
  const version = `${match[1]}.${match[2]}.${match[3]}`;
  if (semver.valid(version) !== version) return { error: `${version} is not a semantic version` };
  const rc = match[4];
  if (rc === undefined) return { tag: { kind: "release", version, rc: null } };
  if (rc === "0" || rc.startsWith("0") || rc.length > 9) return { error: `rc number "${rc}" must be 1 or more, without leading zeros` };
  return { tag: { kind: "test", version, rc: Number(rc) } };
}

export function parseSemverTag(name: string): SemverTag | null {
  const parsed = parseSemverTagDetailed(name);
  return "tag" in parsed ? parsed.tag : null;
}

export function formatSemverTag(tag: SemverTag): string {
  return tag.rc === null ? `v${tag.version}` : `v${tag.version}-rc.${tag.rc}`;
}

/** The highest of the labels `major`, `minor`, `patch`; patch when none is set. */
export function bumpFromLabels(labels: readonly string[]): "major" | "minor" | "patch" {
  const lower = new Set(labels.map((label) => label.toLowerCase()));
  if (lower.has("major")) return "major";
  if (lower.has("minor")) return "minor";
  return "patch";
}

function parsedOf(names: readonly string[]): SemverTag[] {
  return names.map(parseSemverTag).filter((tag): tag is SemverTag => tag !== null);
}

function highest(versions: string[]): string | null {
  return versions.reduce<string | null>((best, v) => (best === null || semver.gt(v, best) ? v : best), null);
}

/** The next `vX.Y.Z-rc.N`: the version the labels ask for, N one more than its highest rc. */
export function nextSemverTestTag(existingTagNames: readonly string[], labels: readonly string[]): string {
  const tags = parsedOf(existingTagNames);
  const latest = highest(tags.filter((t) => t.kind === "release").map((t) => t.version)) ?? "0.0.0";
  const bumped = semver.inc(latest, bumpFromLabels(labels))!;
  const pending = highest(tags.filter((t) => t.kind === "test" && semver.gt(t.version, latest)).map((t) => t.version));
  const version = pending !== null && semver.gt(pending, bumped) ? pending : bumped;
  const taken = new Set(existingTagNames);
  let rc = tags.filter((t) => t.version === version && t.rc !== null).reduce((n, t) => Math.max(n, t.rc!), 0) + 1;
  while (taken.has(formatSemverTag({ kind: "test", version, rc }))) rc += 1;
  return formatSemverTag({ kind: "test", version, rc });
}

export function semverReleaseTagFor(testTag: string): string | null {
  const tag = parseSemverTag(testTag);
  return tag?.kind === "test" ? `v${tag.version}` : null;
}

/** Total order: by version, a release after its release candidates, then by rc. */
export function compareSemverTags(a: SemverTag, b: SemverTag): number {
  const byVersion = semver.compare(a.version, b.version);
  if (byVersion !== 0) return byVersion;
  return (a.rc ?? Infinity) - (b.rc ?? Infinity) || 0;
}

export function newestSemverRelease(tagNames: readonly string[]): string | null {
  const releases = parsedOf(tagNames).filter((tag) => tag.kind === "release");
  const newest = releases.reduce<SemverTag | null>((best, t) => (!best || compareSemverTags(t, best) > 0 ? t : best), null);
  return newest ? formatSemverTag(newest) : null;
}
