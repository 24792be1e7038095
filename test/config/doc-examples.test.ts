/** The config examples users copy from the README and the docs must stay valid. */
import { readFileSync } from "node:fs";
import { parseConfig } from "../../src/config/parse-config.js";

const yamlBlocks = (path: string) => readFileSync(path, "utf8").split("```yaml\n").slice(1).map((block) => block.split("```")[0]!);

describe.each(["README.md", "docs/pipelines.md"])("the examples in %s", (path) => {
  it("parse without errors", () => {
    const blocks = yamlBlocks(path);
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) expect(parseConfig(block).errors).toEqual([]);
  });
});
