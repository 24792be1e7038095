/** Issue events of an issue or pull request (the reconcile reads who added a label). */
import { int, listReply, notFound, type RepoRoutes } from "./route-types.js";
import { userJson } from "./shapes.js";

export const issueEventRoutes: RepoRoutes = {
  "GET /repos/{owner}/{repo}/issues/{issue_number}/events": (ctx) => {
    const number = int(ctx.params.issue_number);
    if (!ctx.repo.issueOrPull(number)) throw notFound();
    const events = ctx.repo.issueEvents
      .filter((e) => e.issue_number === number)
      .map(({ issue_number: _n, actor, ...event }) => ({
        ...event,
        url: `${ctx.repo.apiUrl}/issues/events/${String(event.id)}`,
        actor: userJson(String((actor as { login: string }).login)),
        commit_id: null,
        commit_url: null,
        performed_via_github_app: null,
      }));
    return listReply(ctx, events);
  },
};
