/** The small pure helpers behind config validation. */
import { checkCron } from "../../src/config/cron.js";
import { closestMatch } from "../../src/config/did-you-mean.js";
import { parseDuration } from "../../src/config/duration.js";
import { findCycles } from "../../src/config/find-cycles.js";

describe("checkCron", () => {
  it.each<[string, string | null]>([
    ["0 15 * * 1-5", null],
    ["*/15 0-6,22-23 1 JAN-mar sun", null],
    ["5 4 * * 0", null],
    ["0 15 * *", 'must be a cron expression with 5 fields (minute hour day-of-month month day-of-week), e.g. "0 15 * * 1-5" (got 4 fields)'],
    ["60 * * * *", 'minute field "60": "60" must be a number from 0 to 59, or *'],
    ["0 0 0 * *", 'day of month field "0": "0" must be a number from 1 to 31, or *'],
    ["0 0 * 13 *", 'month field "13": "13" must be a number from 1 to 12 or JAN-DEC, or *'],
    ["0 0 * * 7", 'day of week field "7": "7" must be a number from 0 to 6 or SUN-SAT, or *'],
    ["0 5-1 * * *", 'hour field "5-1": range "5-1" goes backwards'],
    ["*/0 * * * *", 'minute field "*/0": step "0" must be a positive number'],
    ["@daily", 'must be a cron expression with 5 fields (minute hour day-of-month month day-of-week), e.g. "0 15 * * 1-5" (got 1 field)'],
    ["0 0 30 2 *", "never fires: February has no day 30"],
    ["0 0 31 2,4 *", "never fires: February and April have no day 31"],
    ["0 0 30-31 FEB */2", "never fires: February has no day 30 or 31"],
    ["0 0 31 4,6,9,11 *", "never fires: April, June, September and November have no day 31"],
    ["0 0 29 2 *", null],
    ["0 0 31 2,3 *", null],
    ["0 0 31 2 1", null],
    ["0 0 */10 2 *", null],
  ])("%s", (expression, problem) => expect(checkCron(expression)).toBe(problem));
});

describe("parseDuration", () => {
  it.each<[string, number | null]>([
    ["60m", 3_600_000], ["1h30m", 5_400_000], ["24h", 86_400_000], ["2d", 172_800_000], ["90s", 90_000], ["0m", 0],
    ["", null], ["60", null], ["1 hour", null], ["30m1h", null], ["1.5h", null],
  ])("%j → %j", (text, ms) => expect(parseDuration(text)).toBe(ms));
});

describe("closestMatch", () => {
  it.each<[string, string[], string | null]>([
    ["pipeline", ["pipelines", "train"], "pipelines"],
    ["stgae", ["stage", "needs"], "stage"],
    ["trian", ["train", "gates"], "train"],
    ["on", ["jobs", "stages"], null],
    ["colour", ["pipelines", "train", "gates", "board"], null],
  ])("%s among %j → %j", (word, candidates, match) => expect(closestMatch(word, candidates)).toBe(match));
});

describe("findCycles", () => {
  it.each<[string, Record<string, string[]>, string[][]]>([
    ["none", { a: [], b: ["a"], c: ["a", "b"] }, []],
    ["self", { a: ["a"] }, [["a", "a"]]],
    ["three", { a: ["b"], b: ["c"], c: ["a"] }, [["a", "b", "c", "a"]]],
    ["unknown targets are ignored", { a: ["zzz"] }, []],
  ])("%s", (_name, graph, cycles) => expect(findCycles(new Map(Object.entries(graph)))).toEqual(cycles));

  it("walks a 20,000-job chain without overflowing the stack", () => {
    const graph = new Map(Array.from({ length: 20_000 }, (_, i) => [`j${i}`, i === 0 ? [] : [`j${i - 1}`]]));
    expect(findCycles(graph)).toEqual([]);
  });
});
