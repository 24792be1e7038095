/**
 * One interface over both tag schemes, so the train never asks which one a repository uses.
 */
import * as date from "./date-tags.js";
import * as sv from "./semver-tags.js";

/** A tag as GitHub lists it: its name and the commit it points at. */
export interface TagRef {
  name: string;
  sha: string;
}

export interface TagScheme {
  name: "date" | "semver";
  /** The prefixes GitHub's tag list is asked for: every test and release tag starts with one. */
  prefixes: { test: string; release: string };
  /** The next test tag. `labels` are those of the PRs it includes (semver only). */
  nextTestTag(existing: readonly string[], now: Date, labels: readonly string[]): string;
  isTestTag(name: string): boolean;
  isReleaseTag(name: string): boolean;
  /** A name pushed as a release tag is claimed by the scheme (and then judged) when this is true. */
  claimsReleaseName(name: string): boolean;
  /** Why `name` is not a valid release tag name, or null. */
  explainReleaseName(name: string): string | null;
  releaseTagFor(testTag: string): string | null;
  /** Whether `testTag` is a test tag that `releaseTag` may release. */
  releases(releaseTag: string, testTag: string): boolean;
  /** What a maintainer must create first for `releaseTag` to be valid. */
  describeTestTagFor(releaseTag: string): string;
  /** Negative, zero or positive as a is older than, as old as, or newer than b. */
  compare(a: string, b: string): number;
  newestRelease(names: readonly string[]): string | null;
}

export const dateScheme: TagScheme = {
  name: "date",
  prefixes: { test: "test-", release: "release-" },
  nextTestTag: (existing, now) => date.nextTestTag(existing, date.formatTagDate(now)),
  isTestTag: (name) => date.parseTag(name)?.kind === "test",
  isReleaseTag: (name) => date.parseTag(name)?.kind === "release",
  claimsReleaseName: (name) => name.startsWith("release-"),
  explainReleaseName: (name) => {
    const parsed = date.parseTagDetailed(name);
    if ("error" in parsed) return parsed.error;
    return parsed.tag.kind === "release" ? null : "it is not a release- tag";
  },
  releaseTagFor: date.releaseTagFor,
  releases: (releaseTag, testTag) => date.testTagFor(releaseTag) === testTag,
  describeTestTagFor: (releaseTag) => `\`${date.testTagFor(releaseTag) ?? "test-<same date-N>"}\``,
  compare: (a, b) => compareParsed(date.parseTag(a), date.parseTag(b), date.compareTags),
  newestRelease: date.newestRelease,
};

export const semverScheme: TagScheme = {
  name: "semver",
  prefixes: { test: "v", release: "v" },
  nextTestTag: (existing, _now, labels) => sv.nextSemverTestTag(existing, labels),
  isTestTag: (name) => sv.parseSemverTag(name)?.kind === "test",
  isReleaseTag: (name) => sv.parseSemverTag(name)?.kind === "release",
  claimsReleaseName: (name) => /^v[0-9]/.test(name) && !name.includes("-"),
  explainReleaseName: (name) => {
    const parsed = sv.parseSemverTagDetailed(name);
    if ("error" in parsed) return parsed.error;
    return parsed.tag.kind === "release" ? null : "it is a release candidate, not a release";
  },
  releaseTagFor: sv.semverReleaseTagFor,
  releases: (releaseTag, testTag) => sv.semverReleaseTagFor(testTag) === releaseTag,
  describeTestTagFor: (releaseTag) => `a release candidate \`${releaseTag}-rc.N\``,
  compare: (a, b) => compareParsed(sv.parseSemverTag(a), sv.parseSemverTag(b), sv.compareSemverTags),
  newestRelease: sv.newestSemverRelease,
};

/** Unparseable names sort before every valid one. */
function compareParsed<T>(a: T | null, b: T | null, compare: (a: T, b: T) => number): number {
  if (a === null || b === null) return (a === null ? 0 : 1) - (b === null ? 0 : 1);
  return compare(a, b);
}

export function tagSchemeFor(name: "date" | "semver"): TagScheme {
  return name === "semver" ? semverScheme : dateScheme;
}

/** The newest release tag older than `tag`, e.g. where release notes start. */
export function previousReleaseTag(scheme: TagScheme, names: readonly string[], tag: string): string | null {
  return scheme.newestRelease(names.filter((name) => scheme.isReleaseTag(name) && scheme.compare(name, tag) < 0));
}
