/**
 * Numbers behind the project page's charts, computed from what the store already holds.
 * Pure: releases and revisions come in, series come out.
 */
import type { Revision } from "./types.js";
import { parseBuildMappings, shortNameOf } from "./build-mappings.js";
import { dateScheme, semverScheme } from "../versions/tag-scheme.js";

export interface BuildTime {
  /** Short name (after mappings). */
  name: string;
  averageMs: number;
  /** How many finished builds the average covers. */
  count: number;
}

export interface Release {
  /** The release tag (`release-…` or `vX.Y.Z`, as the train's scheme names it). */
  tag: string;
  sha: string;
  /** When the tag was created. */
  createdAt: Date;
  /** When the tagged commit was made; when absent, when the board first saw that revision. */
  committedAt?: Date;
  /** Commits since the previous release. */
  commits: number;
}

export interface ReleasePoint {
  tag: string;
  /** Commit to tag; null when neither the commit time nor the revision is known. */
  leadTimeMs: number | null;
  commits: number;
}

/** Average duration (last status change minus first report) of finished builds per short name. */
export function averageBuildTimes(revisions: readonly Revision[], mappingLines: readonly string[]): BuildTime[] {
  const mappings = parseBuildMappings(mappingLines);
  const totals = new Map<string, { sum: number; count: number }>();
  for (const build of revisions.flatMap((revision) => revision.builds)) {
    if (build.status === "building") continue;
    const ms = build.updatedAt.getTime() - build.createdAt.getTime();
    if (ms < 0) continue;
    const name = shortNameOf(build.name, mappings);
    const total = totals.get(name) ?? { sum: 0, count: 0 };
    totals.set(name, { sum: total.sum + ms, count: total.count + 1 });
  }
  const order = [...new Set([...mappings.map((m) => m.to), ...totals.keys()])];
  return order.flatMap((name) => {
    const total = totals.get(name);
    return total ? [{ name, averageMs: total.sum / total.count, count: total.count }] : [];
  });
}

/** Releases oldest first, with the time from commit to tag where it can be known. */
export function releasePoints(releases: readonly Release[], revisions: readonly Revision[]): ReleasePoint[] {
  const seen = new Map(revisions.map((revision) => [revision.hash, revision.createdAt]));
  return [...releases]
    // A release tag of either scheme: a train's test tags (`test-`, `-rc.N`) are not releases.
    .filter((release) => dateScheme.isReleaseTag(release.tag) || semverScheme.isReleaseTag(release.tag))
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
    .map((release) => {
      const committedAt = release.committedAt ?? seen.get(release.sha);
      const leadTimeMs = committedAt ? Math.max(0, release.createdAt.getTime() - committedAt.getTime()) : null;
      return { tag: release.tag, leadTimeMs, commits: release.commits };
    });
}
