import { parseConfig } from "../../../src/config/parse-config.js";
import { boardSettingsOf, decideBoardSettings } from "../../../src/core/board/index.js";

const config = (text: string | null) => parseConfig(text);

describe("board settings from the config", () => {
  it.each([
    ["board:\n  mappings: [\"a_tests=tests\"]\n  position: -2\n", { mappings: ["a_tests=tests"], position: -2 }],
    ["board:\n  mappings: [\"a_tests=tests\"]\n", { mappings: ["a_tests=tests"], position: 0 }],
    ["pipelines: {}\n", { mappings: [], position: 0 }],
    [null, { mappings: [], position: 0 }],
    ["board:\n  position: high\n", null],
  ])("%j asks for %j", (text, expected) => {
    expect(boardSettingsOf(config(text))).toEqual(expected);
  });

  it("writes only what differs from the project", () => {
    const project = { mappings: ["a_tests=tests"], position: 1 };
    expect(decideBoardSettings(project, { mappings: ["a_tests=tests"], position: 1 })).toBeNull();
    expect(decideBoardSettings(project, { mappings: ["a_tests=tests"], position: 2 })).toEqual({ mappings: ["a_tests=tests"], position: 2 });
    expect(decideBoardSettings(project, { mappings: [], position: 1 })).toEqual({ mappings: [], position: 1 });
    expect(decideBoardSettings(project, null)).toBeNull();
  });
});
