/** A comment command acts only on a head pushed no later than the comment was written. */
import { decideCommentHead } from "../../../src/core/runs/decide-comment-head.js";

const sha = "abc1234def5678abc1234def5678abc1234def56";
const written = new Date("2026-11-22T10:00:00Z");

describe("decideCommentHead", () => {
  it.each([
    ["pushed an hour before the comment", new Date("2026-11-22T09:00:00Z"), null],
    ["pushed the same second the comment was written", written, null],
    ["pushed a second after the comment", new Date("2026-11-22T10:00:01Z"), "the head moved to abc1234 after your comment, so `/test` did nothing. Look at abc1234, then comment again to act on it."],
    ["pushed at an unknown time", null, "signalbox cannot tell whether the head abc1234 was pushed before your comment, so `/test` did nothing. Look at abc1234, then comment again to act on it."],
  ])("a head %s", (_, headPushedAt, reply) => {
    expect(decideCommentHead({ command: "test", commentedAt: written, headSha: sha, headPushedAt })?.reply ?? null).toBe(reply);
  });

  it("refuses when the comment's time cannot be read", () => {
    expect(decideCommentHead({ command: "waive", commentedAt: new Date("not a date"), headSha: sha, headPushedAt: written })?.reply).toContain("`/waive` did nothing");
  });
});
