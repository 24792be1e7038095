/**
 * Webhooks the release train reacts to. Some need facts before they become a train event (which
 * branch is the source, which PRs a push merged), so intake yields a `TrainWebhookEvent` the
 * train resolves.
 */
import { parseTrainCommand, PROMOTE_ACTION, RELEASE_ACTION } from "../../core/train/index.js";
import type { TrainWebhookEvent } from "../../core/train/train-events.js";

type Payload = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- webhook JSON, read defensively

const ZERO = /^0+$/;

export function translateTrain(name: string, p: Payload): TrainWebhookEvent | null {
  switch (name) {
    case "push":
      return push(p);
    case "check_run":
      return button(p);
    case "release":
      return p.release?.tag_name
        ? { kind: "releaseChanged", action: String(p.action), tag: p.release.tag_name, prerelease: p.release.prerelease === true, draft: p.release.draft === true, sender: String(p.sender?.login ?? "") }
        : null;
    case "issue_comment": {
      const command = p.action === "created" ? parseTrainCommand(String(p.comment?.body ?? "")) : null;
      return command ? { kind: "trainComment", command, issueNumber: p.issue.number, commentId: p.comment.id, sender: String(p.sender?.login ?? "") } : null;
    }
    default:
      return null;
  }
}

function push(p: Payload): TrainWebhookEvent | null {
  const ref = String(p.ref ?? "");
  const after = String(p.after ?? "");
  if (p.deleted === true || ZERO.test(after)) return null;
  if (ref.startsWith("refs/tags/")) return { kind: "tagPush", name: ref.slice("refs/tags/".length), sha: after };
  if (ref.startsWith("refs/heads/")) return { kind: "branchPush", branch: ref.slice("refs/heads/".length), before: String(p.before ?? ""), after };
  return null;
}

function button(p: Payload): TrainWebhookEvent | null {
  if (p.action !== "requested_action") return null;
  const identifier = p.requested_action?.identifier;
  const action = identifier === RELEASE_ACTION ? "release" : identifier === PROMOTE_ACTION ? "promote" : null;
  return action ? { kind: "trainButton", action, sha: String(p.check_run?.head_sha ?? ""), sender: String(p.sender?.login ?? "") } : null;
}
