/**
 * A pull request that changes `.github/signalbox.yml` gets the `signalbox/config` check on its
 * head commit; when it changes `gates:`, the check shows what the new policies would decide for
 * the current release head, beside today's decision.
 */
import { isDeepStrictEqual } from "node:util";
import type { ConfigResult } from "../config/parse-config.js";
import { configCheckOn, CONFIG_PATH } from "../core/config-check.js";
import { escapeCell } from "../core/render/markdown.js";
import type { ConfigPullRequestEvent, RepoRef } from "../core/types.js";
import { decideContext, gatesOf, type GateDeps } from "./process-gates.js";
import type { ConfigFacts } from "./config-facts.js";

export async function processConfigPullRequest(event: ConfigPullRequestEvent, repo: RepoRef, configs: ConfigFacts, deps: GateDeps): Promise<string | null> {
  if (!["opened", "synchronize", "reopened"].includes(event.action)) return null;
  const headSha = event.headSha;
  // Read at the head commit (any repository's: GitHub serves a fork's commits through the base).
  const proposed = await configs.load(deps.port, repo, headSha);
  const unchanged = isDeepStrictEqual(proposed.config, deps.config.config) && isDeepStrictEqual(proposed.errors, deps.config.errors);
  if (unchanged) return null;
  const appendix = isDeepStrictEqual(gatesOf(proposed), gatesOf(deps.config)) ? "" : await renderDryRun(repo, proposed, deps);
  const decision = configCheckOn(repo, headSha, proposed, appendix);
  await deps.runner.applyAll(`${deps.source}:config-pr`, decision.effects);
  return `config check on pull request: ${decision.reason}`;
}

/** Today's and the proposed decision of every gate context, on the current release head. */
async function renderDryRun(repo: RepoRef, proposed: ConfigResult, deps: GateDeps): Promise<string> {
  const head = (await deps.store.trains.get(repo)).head?.sha;
  if (!head) return "### Gates dry run\n\nThere is no release head yet, so there is nothing to decide on.";
  const today = gatesOf(deps.config);
  const next = gatesOf(proposed);
  const rows = [];
  for (const context of [...new Set([...Object.keys(today), ...Object.keys(next)])].sort()) {
    const now = today[context] ? (await decideContext(repo, context, today[context]!, head, deps)).summary : "(no policy)";
    const then = next[context] ? (await decideContext(repo, context, next[context]!, head, deps)).summary : "(policy removed)";
    rows.push(`| \`${escapeCell(context)}\` | ${escapeCell(now)} | ${escapeCell(then)} |`);
  }
  return [
    `### Gates dry run on the release head \`${head.slice(0, 7)}\``,
    "",
    `| Context | Today | With this change to \`${CONFIG_PATH}\` |`,
    "| --- | --- | --- |",
    ...rows,
  ].join("\n");
}
