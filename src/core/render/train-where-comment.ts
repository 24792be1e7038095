/**
 * "Where is my change": one comment per merged PR, edited in place as its commit reaches each
 * stage. The marker lets the runner find the comment again.
 */

export const WHERE_MARKER = "<!-- signalbox:where-is-my-change -->";

export interface WhereProgress {
  testTag: string;
  releaseTag?: string;
  promoted?: boolean;
}

export function renderWhereComment(progress: WhereProgress): string {
  const step = (done: boolean, text: string) => `- ${done ? "✅" : "⬜"} ${text}`;
  const release = progress.releaseTag;
  return [
    WHERE_MARKER,
    "**Where is this change?**",
    "",
    step(true, `Included in test tag \`${progress.testTag}\``),
    step(release !== undefined, release ? `Released to staging as \`${release}\` (pre-release)` : "Released to staging"),
    step(progress.promoted === true, "Promoted to production"),
    "",
    "_signalbox edits this comment as the change moves along._",
  ].join("\n");
}
