/** What a merge conflict on the train says: the failed check run and the single blocking issue. */

export interface ConflictFacts {
  source: string;
  branch: string;
  sourceSha: string;
}

export function renderConflictSummary(facts: ConflictFacts): string {
  const short = facts.sourceSha.slice(0, 7);
  return [
    `Merging \`${facts.source}\` at \`${short}\` into \`${facts.branch}\` conflicts, so nothing was merged or tagged.`,
    "",
    "To unblock the train:",
    `1. Merge \`${facts.source}\` into \`${facts.branch}\` by hand and resolve the conflict, e.g.`,
    "   ```",
    `   git fetch origin && git checkout ${facts.branch} && git merge origin/${facts.source}`,
    "   ```",
    `2. Push \`${facts.branch}\`, then comment \`/train resume\` on any issue or pull request.`,
    "",
    `Later merges to \`${facts.source}\` are still tried; the train moves again as soon as one merges.`,
  ].join("\n");
}

export function renderBlockedIssue(facts: ConflictFacts): { title: string; body: string } {
  return {
    title: `Release train blocked: ${facts.source} conflicts with ${facts.branch}`,
    body: [renderConflictSummary(facts), "", "signalbox closes this issue when the train moves again."].join("\n"),
  };
}

export function renderUnblockedComment(sourceSha: string): string {
  return `The train moved again: \`${sourceSha.slice(0, 7)}\` merged cleanly. Closing.`;
}
