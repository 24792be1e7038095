/** The app, its installations and tokens, the repository itself, permissions and the rate limit. */
import type { FakeRepo } from "./fake-repo.js";
import type { Json } from "./openapi-spec.js";
import { int, listReply, notFound, ok, type AppContext, type AppRoutes, type RepoRoutes } from "./route-types.js";
import { repoJson, userJson } from "./shapes.js";

export const INSTALLATION_PERMISSIONS: Record<string, string> = {
  checks: "write",
  statuses: "write",
  contents: "write",
  pull_requests: "write",
  issues: "write",
  actions: "write",
  workflows: "write",
  metadata: "read",
};

function installationJson(ctx: AppContext, id: number): Json {
  const owner = ctx.fake.repos().find((r) => r.installationId === id)?.owner ?? "octo-org";
  return {
    id,
    node_id: `MDIz${id}`,
    account: userJson(owner, "User"),
    app_id: ctx.fake.appId,
    app_slug: ctx.fake.appSlug,
    client_id: `Iv1.${ctx.fake.appId}`,
    target_id: 1,
    target_type: "Organization",
    repository_selection: "selected",
    access_tokens_url: `${ctx.fake.apiBase}/app/installations/${id}/access_tokens`,
    repositories_url: `${ctx.fake.apiBase}/installation/repositories`,
    html_url: `https://github.com/organizations/${owner}/settings/installations/${id}`,
    permissions: ctx.fake.permissions,
    events: ["push", "pull_request", "check_run", "release"],
    created_at: "2024-01-01T00:00:00Z",
    updated_at: "2024-01-01T00:00:00Z",
    single_file_name: null,
    suspended_at: null,
    suspended_by: null,
  };
}

function installationIds(ctx: AppContext): number[] {
  return [...new Set(ctx.fake.repos().map((r) => r.installationId))].sort((a, b) => a - b);
}

function knownInstallation(ctx: AppContext): number {
  const id = int(ctx.params.installation_id);
  if (!installationIds(ctx).includes(id)) throw notFound();
  return id;
}

export const appRoutes: AppRoutes = {
  "GET /app": (ctx) =>
    ok({
      id: ctx.fake.appId,
      slug: ctx.fake.appSlug,
      node_id: `A_${ctx.fake.appId}`,
      client_id: `Iv1.${ctx.fake.appId}`,
      name: ctx.fake.appSlug,
      owner: userJson("octo-org"),
      description: "",
      external_url: "https://example.com",
      html_url: `https://github.com/apps/${ctx.fake.appSlug}`,
      created_at: "2024-01-01T00:00:00Z",
      updated_at: "2024-01-01T00:00:00Z",
      permissions: ctx.fake.permissions,
      events: ["push", "pull_request"],
      installations_count: installationIds(ctx).length,
    }),
  "GET /app/installations": (ctx) => listReply(ctx, installationIds(ctx).map((id) => installationJson(ctx, id))),
  "GET /app/installations/{installation_id}": (ctx) => ok(installationJson(ctx, knownInstallation(ctx))),
  "POST /app/installations/{installation_id}/access_tokens": (ctx) => {
    const token = ctx.fake.issueToken(knownInstallation(ctx));
    return ok({ ...token, permissions: ctx.fake.permissions, repository_selection: "selected" }, 201);
  },
  "GET /installation/repositories": (ctx) => {
    const repos = ctx.fake.repos().filter((r) => r.installationId === ctx.installationId);
    return listReply(ctx, repos.map(repoJson), (page) => ({
      total_count: repos.length,
      repository_selection: "selected",
      repositories: page,
    }));
  },
  "GET /rate_limit": () => {
    const reset = Math.floor(Date.now() / 1000) + 3600;
    const core = { limit: 5000, used: 1, remaining: 4999, reset };
    return ok({ resources: { core, search: { ...core, limit: 30, remaining: 29 }, graphql: core }, rate: core });
  },
};

function permissionOf(repo: FakeRepo, login: string): string {
  return repo.permissions.get(login) ?? "none";
}

export const repoAppRoutes: RepoRoutes = {
  "GET /repos/{owner}/{repo}/installation": (ctx) => ok(installationJson(ctx, ctx.repo.installationId)),
  "GET /repos/{owner}/{repo}": (ctx) => ok(repoJson(ctx.repo)),
  "GET /repos/{owner}/{repo}/collaborators/{username}/permission": (ctx) => {
    const login = ctx.params.username ?? "";
    const role = permissionOf(ctx.repo, login);
    // The legacy `permission` field folds maintain into write and triage into read.
    const permission = role === "maintain" ? "write" : role === "triage" ? "read" : role;
    const user = { ...userJson(login), permissions: { admin: role === "admin", push: permission === "write" || role === "admin", pull: role !== "none" } };
    return ok({ permission, role_name: role, user });
  },
};
