import { mergeStatuses, parseBuildMappings, shortNameOf, type DisplayStatus } from "../../../src/core/board/index.js";

it.each<[DisplayStatus[], DisplayStatus]>([
  [["building", "failed"], "building"],
  [["successful", "pending"], "pending"],
  [["pending", "building"], "building"],
  [["successful", "fixed"], "fixed"],
  [["fixed", "pending"], "pending"],
  [["successful", "failed"], "failed"],
  [["failed", "fixed"], "fixed"],
  [["successful", "successful"], "successful"],
  [["failed"], "failed"],
  [[], "pending"],
])("merges %j to %s", (statuses, merged) => {
  expect(mergeStatuses(statuses)).toBe(merged);
});

it.each<[string[], Array<[string, string]>]>([
  [["foo_tests=tests", "foo_deploy=deploy"], [["foo_tests", "tests"], ["foo_deploy", "deploy"]]],
  [["foo_tests=tests\r\nfoo_deploy=deploy\r\n"], [["foo_tests", "tests"], ["foo_deploy", "deploy"]]],
  [[], []],
  [[""], []],
  [["a=b=c"], [["a", "b=c"]]],
  [[" a = b "], [["a", "b"]]],
])("parses mappings %j", (lines, pairs) => {
  expect(parseBuildMappings(lines)).toEqual(pairs.map(([from, to]) => ({ from, to })));
});

it.each([
  ["a", "A"],
  ["b", "b"],
  ["dup", "first"],
])("short name of %s is %s", (name, short) => {
  expect(shortNameOf(name, parseBuildMappings(["a=A", "dup=first", "dup=second"]))).toBe(short);
});
