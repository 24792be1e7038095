import {
  compareTags,
  formatTag,
  formatTagDate,
  isNewerRelease,
  newestRelease,
  nextTestTag,
  parseTag,
  parseTagDetailed,
  releaseTagFor,
  testTagFor,
} from "../../../src/core/versions/date-tags.js";

it.each<[string, ReturnType<typeof parseTag>]>([
  ["test-2026.11.22-1", { kind: "test", date: "2026.11.22", n: 1 }],
  ["release-2026.11.22-42", { kind: "release", date: "2026.11.22", n: 42 }],
  ["release-2028.02.29-7", { kind: "release", date: "2028.02.29", n: 7 }],
  ["test-2000.02.29-1", { kind: "test", date: "2000.02.29", n: 1 }],
  ["release-2026.13.01-1", null],
  ["release-2026.00.10-1", null],
  ["release-2026.02.29-1", null],
  ["release-1900.02.29-1", null],
  ["release-2026.04.31-1", null],
  ["release-2026.11.00-1", null],
  ["release-0000.01.01-1", null],
  ["release-2026.11.22-0", null],
  ["release-2026.11.22-01", null],
  ["release-2026.11.22-1x", null],
  ["release-2026.11.22-", null],
  ["release-2026.1.22-1", null],
  ["release-26.11.22-1", null],
  ["release-2026-11-22-1", null],
  ["Release-2026.11.22-1", null],
  [" release-2026.11.22-1", null],
  ["release-2026.11.22-1\n", null],
  ["release-2026.11.22-+1", null],
  ["release-2026.11.22-1e3", null],
  ["release-٢٠٢٦.11.22-1", null],
  ["release-2026.11.22-١", null],
  ["release-2026.11.22-１", null],
  ["release-2026.11.22-1234567890", null],
  [`release-2026.11.22-${"9".repeat(500)}`, null],
  ["prod-2026.11.22-1", null],
  ["", null],
])("parseTag(%j)", (name, expected) => {
  expect(parseTag(name)).toEqual(expected);
});

it.each([
  ["release-2026.13.01-1", "13 is not a month"],
  ["release-2026.02.30-1", "month 2 has no day 30"],
  ["release-2026.11.22-0", "N must be 1 or more"],
  ["release-2026.11.22-01", "leading zero"],
  ["release-2026.11.22-1x", "does not have the form"],
])("explains why %s is not a tag", (name, words) => {
  const parsed = parseTagDetailed(name);
  expect("error" in parsed && parsed.error).toContain(words);
});

it("formats what it parses", () => {
  for (const name of ["test-2026.01.02-3", "release-2030.12.31-999999999"]) expect(formatTag(parseTag(name)!)).toBe(name);
  expect(formatTagDate(new Date("2026-03-04T23:59:59Z"))).toBe("2026.03.04");
  expect(formatTagDate(new Date("2026-03-04T23:59:59-05:00"))).toBe("2026.03.05");
});

it.each<[string, string[], string, string]>([
  ["first tag ever", [], "2026.11.22", "test-2026.11.22-1"],
  ["N counts test and release tags of every date", ["test-2026.11.20-3", "release-2026.11.20-3", "test-2026.11.21-4"], "2026.11.22", "test-2026.11.22-5"],
  ["N does not reset on a new day", ["test-2026.11.21-9"], "2026.11.22", "test-2026.11.22-10"],
  ["a release tag alone counts (tests pruned)", ["release-2026.11.01-12"], "2026.11.22", "test-2026.11.22-13"],
  ["restart: the same tags give the same answer", ["test-2026.11.22-1", "test-2026.11.22-2"], "2026.11.22", "test-2026.11.22-3"],
  ["lost store: gaps and order of listing do not matter", ["test-2026.11.22-7", "test-2026.11.02-2", "release-2026.11.10-5"], "2026.11.22", "test-2026.11.22-8"],
  ["invalid and foreign tags are ignored", ["release-2026.11.22-01", "test-2026.13.01-50", "v1.2.3", "test-2026.11.20-2"], "2026.11.22", "test-2026.11.22-3"],
  ["a clock behind the newest tag never goes backwards", ["test-2026.11.23-4"], "2026.11.22", "test-2026.11.23-5"],
])("nextTestTag: %s", (_, existing, today, expected) => {
  expect(nextTestTag(existing, today)).toBe(expected);
});

it("retrying with a taken name moves past it", () => {
  const first = nextTestTag(["test-2026.11.22-1"], "2026.11.22");
  expect(first).toBe("test-2026.11.22-2");
  expect(nextTestTag(["test-2026.11.22-1", first], "2026.11.22")).toBe("test-2026.11.22-3");
});

it("maps test and release tags onto each other", () => {
  expect(releaseTagFor("test-2026.11.22-3")).toBe("release-2026.11.22-3");
  expect(releaseTagFor("release-2026.11.22-3")).toBeNull();
  expect(releaseTagFor("test-2026.11.22-03")).toBeNull();
  expect(testTagFor("release-2026.11.22-3")).toBe("test-2026.11.22-3");
  expect(testTagFor("test-2026.11.22-3")).toBeNull();
});

it.each<[string, string, boolean]>([
  ["release-2026.11.22-4", "release-2026.11.22-3", true],
  ["release-2026.11.23-4", "release-2026.11.22-3", true],
  ["release-2026.11.22-3", "release-2026.11.22-3", false],
  ["release-2026.11.23-1", "release-2026.11.22-3", false],
  ["release-2026.11.21-9", "release-2026.11.22-3", false],
])("isNewerRelease(%s, %s) = %s, as deployment tools read it", (candidate, current, expected) => {
  expect(isNewerRelease(parseTag(candidate)!, parseTag(current)!)).toBe(expected);
});

it("sorts by date then N and picks the newest release", () => {
  const names = ["release-2026.11.22-10", "release-2026.11.22-9", "test-2026.11.23-11", "release-2026.11.21-8", "garbage"];
  const sorted = names.map(parseTag).filter((t) => t !== null).sort(compareTags).map((t) => formatTag(t!));
  expect(sorted).toEqual(["release-2026.11.21-8", "release-2026.11.22-9", "release-2026.11.22-10", "test-2026.11.23-11"]);
  expect(newestRelease(names)).toBe("release-2026.11.22-10");
  expect(newestRelease(["test-2026.11.22-1"])).toBeNull();
});
