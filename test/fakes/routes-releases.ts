/** Releases: create (with the tag), edit and promote, list, by tag, latest. */
import type { FakeRepo } from "./fake-repo.js";
import type { Json } from "./openapi-spec.js";
import { int, listReply, noContent, notFound, ok, validationFailed, type RepoContext, type RepoRoutes } from "./route-types.js";
import { userJson } from "./shapes.js";

function releaseUrls(repo: FakeRepo, id: number, tag: string): Json {
  return {
    url: `${repo.apiUrl}/releases/${id}`,
    assets_url: `${repo.apiUrl}/releases/${id}/assets`,
    upload_url: `https://uploads.github.com/repos/${repo.fullName}/releases/${id}/assets{?name,label}`,
    html_url: `${repo.htmlUrl}/releases/tag/${encodeURIComponent(tag)}`,
    tarball_url: `${repo.apiUrl}/tarball/${tag}`,
    zipball_url: `${repo.apiUrl}/zipball/${tag}`,
  };
}

/** A published release's tag must exist; GitHub creates it at target_commitish when missing. */
function ensureTag(repo: FakeRepo, release: Json): void {
  if (release.draft || repo.refs.has(`tags/${release.tag_name}`)) return;
  const sha = repo.resolve(String(release.target_commitish));
  if (!sha) throw validationFailed("Release", "invalid", "target_commitish");
  repo.refs.set(`tags/${release.tag_name}`, sha);
}

/** make_latest: "true" marks it, "false" leaves the mark, "legacy"/absent marks the newest published one. */
function applyLatest(repo: FakeRepo, release: Json, makeLatest: unknown): void {
  if (release.draft || release.prerelease || makeLatest === "false") return;
  repo.latestReleaseId = release.id as number;
}

function findRelease(ctx: RepoContext): Json {
  const release = ctx.repo.releases.find((r) => r.id === int(ctx.params.release_id));
  if (!release) throw notFound();
  return release;
}

function createRelease(ctx: RepoContext) {
  const { repo, body } = ctx;
  const tag = String(body.tag_name);
  if (repo.releases.some((r) => r.tag_name === tag)) throw validationFailed("Release", "already_exists", "tag_name");
  const id = repo.world.nextId();
  const now = new Date().toISOString();
  const draft = Boolean(body.draft);
  const release: Json = {
    id,
    node_id: `RE_${id}`,
    ...releaseUrls(repo, id, tag),
    tag_name: tag,
    target_commitish: body.target_commitish ?? repo.defaultBranch,
    name: body.name ?? tag,
    body: body.body ?? (body.generate_release_notes ? `**Full Changelog**: ${repo.htmlUrl}/commits/${tag}` : null),
    draft,
    prerelease: Boolean(body.prerelease),
    immutable: false,
    created_at: now,
    updated_at: now,
    published_at: draft ? null : now,
    author: userJson(`${repo.world.appSlug}[bot]`),
    assets: [],
  };
  ensureTag(repo, release);
  repo.releases.push(release);
  applyLatest(repo, release, body.make_latest);
  return ok(release, 201);
}

function updateRelease(ctx: RepoContext) {
  const release = findRelease(ctx);
  const { body, repo } = ctx;
  if (body.tag_name !== undefined && body.tag_name !== release.tag_name && repo.releases.some((r) => r.tag_name === body.tag_name)) {
    throw validationFailed("Release", "already_exists", "tag_name");
  }
  const wasDraft = release.draft as boolean;
  for (const key of ["tag_name", "target_commitish", "name", "body", "draft", "prerelease"]) {
    if (body[key] !== undefined) release[key] = body[key];
  }
  Object.assign(release, releaseUrls(repo, release.id as number, String(release.tag_name)), { updated_at: new Date().toISOString() });
  if (wasDraft && !release.draft) release.published_at = new Date().toISOString();
  ensureTag(repo, release);
  if (body.make_latest !== undefined || (wasDraft && !release.draft)) applyLatest(repo, release, body.make_latest);
  if (release.prerelease && repo.latestReleaseId === release.id) repo.latestReleaseId = undefined;
  return ok(release);
}

function latestRelease(repo: FakeRepo): Json | undefined {
  const published = repo.releases.filter((r) => !r.draft && !r.prerelease);
  const marked = published.find((r) => r.id === repo.latestReleaseId);
  return marked ?? [...published].sort((a, b) => String(b.created_at).localeCompare(String(a.created_at)) || b.id - a.id)[0];
}

export const releaseRoutes: RepoRoutes = {
  "POST /repos/{owner}/{repo}/releases": createRelease,
  "PATCH /repos/{owner}/{repo}/releases/{release_id}": updateRelease,
  "GET /repos/{owner}/{repo}/releases/{release_id}": (ctx) => ok(findRelease(ctx)),
  "DELETE /repos/{owner}/{repo}/releases/{release_id}": (ctx) => {
    const release = findRelease(ctx);
    ctx.repo.releases.splice(ctx.repo.releases.indexOf(release), 1);
    if (ctx.repo.latestReleaseId === release.id) ctx.repo.latestReleaseId = undefined;
    return noContent();
  },
  "GET /repos/{owner}/{repo}/releases": (ctx) => listReply(ctx, [...ctx.repo.releases].sort((a, b) => b.id - a.id)),
  "GET /repos/{owner}/{repo}/releases/latest": (ctx) => {
    const release = latestRelease(ctx.repo);
    if (!release) throw notFound();
    return ok(release);
  },
  "GET /repos/{owner}/{repo}/releases/tags/{tag}": (ctx) => {
    const release = ctx.repo.releases.find((r) => r.tag_name === ctx.params.tag && !r.draft);
    if (!release) throw notFound();
    return ok(release);
  },
};
