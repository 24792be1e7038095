/** Untrusted config files are parsed in a worker thread, under a time limit. */
import { OffThreadConfigParser } from "../../src/config/parse-config-off-thread.js";
import { parseConfig } from "../../src/config/parse-config.js";
import { defaultConfig } from "../../src/config/config-schema.js";

const VALID = "pipelines:\n  e2e:\n    on: { label: run-e2e }\n    jobs:\n      build: { workflow: build.yml }\n";
const BROKEN = "pipelines:\n  e2e:\n    on: { label: run-e2e }\n    jobs:\n      build: { workflow: build.yml, when: sometimes }\n";

describe("OffThreadConfigParser", () => {
  let parser: OffThreadConfigParser;
  afterEach(() => parser.close());

  it("gives the same answer as parseConfig, for valid, broken and missing files", async () => {
    parser = new OffThreadConfigParser();
    for (const text of [VALID, BROKEN, null]) expect(await parser.parse(text, { path: ".github/signalbox.yml" })).toEqual(parseConfig(text));
  });

  it("stops a parse that runs past the time limit, names the limit, and parses the next file afresh", async () => {
    parser = new OffThreadConfigParser(50);
    await parser.parse(VALID); // the limit is for reading a file, not for starting the worker
    const slow = `{${Array.from({ length: 9_000 }, (_, i) => `k${i}: [${i}, ${i}, ${i}]`).join(",")}}\n`;
    const result = await parser.parse(slow);
    expect(result.errors).toEqual([{ path: "", line: 1, column: 1, message: "The file took longer than 50 ms to read (the limit is 50 ms); make it smaller or simpler" }]);
    expect(result.config).toEqual(defaultConfig());
    expect((await parser.parse(VALID)).errors).toEqual([]);
  });

  it("serves requests made at once, each with its own answer", async () => {
    parser = new OffThreadConfigParser();
    const answers = await Promise.all([parser.parse(VALID), parser.parse(BROKEN), parser.parse(VALID)]);
    expect(answers.map((a) => a.errors.length)).toEqual([0, 1, 0]);
  });
});
