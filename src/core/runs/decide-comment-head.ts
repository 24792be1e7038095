/**
 * A comment command (`/test`, `/retest`, `/run`, `/cancel`, `/waive`...) acts on the pull
 * request's head as it was when the comment was written: that is the commit the commenter looked
 * at. If the head moved after the comment, a fork's author could slip a commit under a
 * maintainer's approval, so the command does nothing and the reply says where the head is now.
 * Pure: when the head was pushed is a gathered fact.
 */

export interface CommentHeadFacts {
  /** The command's name without its slash, e.g. "test" or "waive". */
  command: string;
  /** When GitHub says the comment was written. */
  commentedAt: Date;
  headSha: string;
  /** When the head was pushed (heard by signalbox, else its committer date); null when unknown. */
  headPushedAt: Date | null;
}

/** Why the command must not act (a reply to the commenter, without the @mention), or null when it may. */
export function decideCommentHead(facts: CommentHeadFacts): { reply: string; reason: string } | null {
  const short = facts.headSha.slice(0, 7);
  const again = `Look at ${short}, then comment again to act on it.`;
  if (facts.headPushedAt === null) {
    return { reply: `signalbox cannot tell whether the head ${short} was pushed before your comment, so \`/${facts.command}\` did nothing. ${again}`, reason: `push time of ${short} unknown` };
  }
  if (facts.headPushedAt.getTime() <= facts.commentedAt.getTime()) return null;
  return { reply: `the head moved to ${short} after your comment, so \`/${facts.command}\` did nothing. ${again}`, reason: `head moved to ${short} after the comment` };
}
