import {
  bumpFromLabels,
  nextSemverTestTag,
  newestSemverRelease,
  parseSemverTag,
  semverReleaseTagFor,
} from "../../../src/core/versions/semver-tags.js";
import { previousReleaseTag, semverScheme, dateScheme, tagSchemeFor } from "../../../src/core/versions/tag-scheme.js";

it.each<[string, ReturnType<typeof parseSemverTag>]>([
  ["v1.2.3", { kind: "release", version: "1.2.3", rc: null }],
  ["v0.0.1-rc.1", { kind: "test", version: "0.0.1", rc: 1 }],
  ["v10.20.30-rc.12", { kind: "test", version: "10.20.30", rc: 12 }],
  ["1.2.3", null],
  ["v1.2", null],
  ["v01.2.3", null],
  ["v1.2.3-rc.0", null],
  ["v1.2.3-rc.01", null],
  ["v1.2.3-beta.1", null],
  ["v1.2.3-rc1", null],
  ["v1.2.3+build", null],
  ["=v1.2.3", null],
  [" v1.2.3", null],
  ["v١.2.3", null],
  [`v1.2.${"9".repeat(100)}`, null],
])("parseSemverTag(%j)", (name, expected) => {
  expect(parseSemverTag(name)).toEqual(expected);
});

it.each<[string[], string]>([
  [[], "patch"],
  [["bug", "patch"], "patch"],
  [["minor", "patch"], "minor"],
  [["Major", "minor"], "major"],
])("bumpFromLabels(%j) = %s", (labels, expected) => {
  expect(bumpFromLabels(labels)).toBe(expected);
});

it.each<[string, string[], string[], string]>([
  ["first ever, no labels", [], [], "v0.0.1-rc.1"],
  ["patch over the latest release", ["v1.2.0", "v1.1.9"], [], "v1.2.1-rc.1"],
  ["minor wins over patch", ["v1.2.0"], ["patch", "minor"], "v1.3.0-rc.1"],
  ["major", ["v1.2.0"], ["major"], "v2.0.0-rc.1"],
  ["rc N increments for the same version", ["v1.2.0", "v1.2.1-rc.1", "v1.2.1-rc.2"], [], "v1.2.1-rc.3"],
  ["a pending minor is not taken back by a patch", ["v1.2.0", "v1.3.0-rc.1"], ["patch"], "v1.3.0-rc.2"],
  ["a major outranks a pending minor", ["v1.2.0", "v1.3.0-rc.1"], ["major"], "v2.0.0-rc.1"],
  ["rcs of released versions are history", ["v1.2.0-rc.5", "v1.2.0"], [], "v1.2.1-rc.1"],
  ["lost store: listing order does not matter", ["v1.2.1-rc.2", "v1.2.0", "v1.2.1-rc.1"], [], "v1.2.1-rc.3"],
  ["foreign tags are ignored", ["v1.2.0", "release-2026.01.01-1", "v9.9"], [], "v1.2.1-rc.1"],
])("nextSemverTestTag: %s", (_, existing, labels, expected) => {
  expect(nextSemverTestTag(existing, labels)).toBe(expected);
});

it("maps, orders and picks releases", () => {
  expect(semverReleaseTagFor("v1.3.0-rc.2")).toBe("v1.3.0");
  expect(semverReleaseTagFor("v1.3.0")).toBeNull();
  expect(newestSemverRelease(["v1.10.0", "v1.9.0", "v2.0.0-rc.1", "x"])).toBe("v1.10.0");
  expect(semverScheme.compare("v1.3.0-rc.2", "v1.3.0")).toBeLessThan(0);
  expect(semverScheme.compare("v1.3.0-rc.10", "v1.3.0-rc.9")).toBeGreaterThan(0);
  expect(previousReleaseTag(semverScheme, ["v1.0.0", "v1.1.0", "v1.2.0"], "v1.2.0")).toBe("v1.1.0");
  expect(previousReleaseTag(dateScheme, ["release-2026.01.01-1", "release-2026.01.02-4", "release-2026.01.03-5"], "release-2026.01.03-5")).toBe("release-2026.01.02-4");
});

it.each<["date" | "semver", string, string | null]>([
  ["date", "release-2026.11.22-1", null],
  ["date", "release-2026.13.01-1", "13 is not a month"],
  ["semver", "v1.2.3", null],
  ["semver", "v1.02.3", "does not have the form"],
])("the %s scheme explains release name %s", (scheme, name, words) => {
  const problem = tagSchemeFor(scheme).explainReleaseName(name);
  if (words === null) expect(problem).toBeNull();
  else expect(problem).toContain(words);
});
