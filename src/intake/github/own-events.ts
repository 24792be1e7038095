/**
 * Which events signalbox's own bot caused that it must not act on. Answering its own labels,
 * comments and completed check runs would make it answer itself in a loop. Everything else it
 * caused is ordinary input: the train's merges and tags start pipelines like anyone's pushes, the
 * board's mirrored commit statuses complete `status:` jobs, and the workflow runs it dispatched
 * complete their jobs.
 */
const LABEL_ACTIONS = new Set(["labeled", "unlabeled"]);
const COMMENT_EVENTS = new Set(["issue_comment", "pull_request_review_comment", "commit_comment", "discussion_comment"]);
const CHECK_EVENTS = new Set(["check_run", "check_suite"]);

export function isLoopingOwnEvent(name: string, action: unknown): boolean {
  if (name === "label" || ((name === "pull_request" || name === "issues") && LABEL_ACTIONS.has(String(action)))) return true;
  if (COMMENT_EVENTS.has(name)) return true;
  return CHECK_EVENTS.has(name) && action === "completed";
}
