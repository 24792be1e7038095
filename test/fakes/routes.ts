/** Every route the fake GitHub implements, keyed by method and OpenAPI path template. */
import { appRoutes, repoAppRoutes } from "./routes-app.js";
import { actionRoutes } from "./routes-actions.js";
import { checkRoutes } from "./routes-checks.js";
import { gitRoutes } from "./routes-git.js";
import { issueRoutes } from "./routes-issues.js";
import { issueEventRoutes } from "./routes-issue-events.js";
import { pullRoutes } from "./routes-pulls.js";
import { releaseRoutes } from "./routes-releases.js";
import type { AppHandler, RepoHandler } from "./route-types.js";

export type Route = { kind: "app"; handler: AppHandler } | { kind: "repo"; handler: RepoHandler };

const repoRoutes: Record<string, RepoHandler> = {
  ...repoAppRoutes,
  ...gitRoutes,
  ...checkRoutes,
  ...releaseRoutes,
  ...issueRoutes,
  ...issueEventRoutes,
  ...pullRoutes,
  ...actionRoutes,
};

export function findRoute(method: string, template: string): Route | undefined {
  const key = `${method.toUpperCase()} ${template}`;
  const app = appRoutes[key];
  if (app) return { kind: "app", handler: app };
  const repo = repoRoutes[key];
  return repo ? { kind: "repo", handler: repo } : undefined;
}

/** "METHOD /template" of every implemented route (a test checks each exists in the spec). */
export function implementedRoutes(): string[] {
  return [...Object.keys(appRoutes), ...Object.keys(repoRoutes)];
}
