/** Renders the `signalbox/config` check run: title, Markdown summary and line annotations. */
import { describeConfig } from "../../config/describe-config.js";
import type { ConfigError, ConfigResult } from "../../config/parse-config.js";
import type { CheckAnnotation } from "../types.js";
import { escapeCell } from "./markdown.js";

/** GitHub shows at most 50 annotations per request; more than that only clutters the diff. */
const MAX_ANNOTATIONS = 50;

export interface RenderedCheck {
  title: string;
  summary: string;
  annotations: CheckAnnotation[];
}

export function renderConfigCheck(result: ConfigResult, path: string): RenderedCheck {
  if (result.errors.length > 0) return renderErrors(result.errors, path);
  const lines = describeConfig(result.config);
  const source = result.source === "default" ? `No \`${path}\` found: safe defaults apply.\n\n` : "";
  return {
    title: "Config is valid",
    summary: `${source}${lines.map((line) => `- ${line}`).join("\n")}`,
    annotations: [],
  };
}

function renderErrors(errors: ConfigError[], path: string): RenderedCheck {
  const count = errors.length === 1 ? "1 error" : `${errors.length} errors`;
  const rows = errors.map((e) => `| ${e.line} | \`${escapeCell(e.path || "(file)")}\` | ${escapeCell(e.message)} |`);
  return {
    title: `${count} in ${path}`,
    summary: [
      `\`${path}\` was not applied: signalbox keeps the last valid config in force until it is fixed (with none, nothing merges, tags or releases).`,
      "",
      "| Line | Field | Problem |",
      "| ---: | --- | --- |",
      ...rows,
      "",
      "Fix the file and push again; this check re-runs on every push that changes it.",
    ].join("\n"),
    annotations: errors.slice(0, MAX_ANNOTATIONS).map((e) => ({
      path,
      startLine: e.line,
      endLine: e.line,
      level: "failure" as const,
      title: e.path || "config",
      message: e.message,
    })),
  };
}
