/** Contents, git refs and commits, branches, compare and the merges API. */
import type { FakeRepo } from "./fake-repo.js";
import { hashOf } from "./git-graph.js";
import { HttpError, listReply, noContent, notFound, ok, type RepoContext, type RepoRoutes } from "./route-types.js";
import { branchJson, commitJson, fileJson, gitCommitJson, refJson } from "./shapes.js";

function wantsRaw(ctx: RepoContext): boolean {
  const accept = String(ctx.headers.accept ?? "");
  return /application\/vnd\.github(\.v3)?\.raw/.test(accept);
}

function getContents(ctx: RepoContext) {
  const { repo } = ctx;
  const ref = ctx.query.ref ?? repo.defaultBranch;
  const path = (ctx.params.path ?? "").replace(/^\/+|\/+$/g, "");
  const commit = repo.commitAt(ref);
  const text = commit?.files.get(path);
  if (text === undefined) throw notFound();
  if (wantsRaw(ctx)) return { status: 200, text, headers: { "content-type": "text/plain; charset=utf-8" } };
  const sha = hashOf("blob", text);
  const url = `${repo.apiUrl}/contents/${path}?ref=${encodeURIComponent(ref)}`;
  return ok({
    type: "file",
    encoding: "base64",
    size: Buffer.byteLength(text),
    name: path.split("/").pop(),
    path,
    content: Buffer.from(text).toString("base64"),
    sha,
    url,
    git_url: `${repo.apiUrl}/git/blobs/${sha}`,
    html_url: `${repo.htmlUrl}/blob/${ref}/${path}`,
    download_url: `https://raw.githubusercontent.com/${repo.fullName}/${ref}/${path}`,
    _links: { self: url, git: `${repo.apiUrl}/git/blobs/${sha}`, html: `${repo.htmlUrl}/blob/${ref}/${path}` },
  });
}

function refName(ctx: RepoContext): string {
  return (ctx.params.ref ?? "").replace(/^refs\//, "");
}

function createRef(ctx: RepoContext) {
  const ref = String(ctx.body.ref ?? "");
  const sha = String(ctx.body.sha ?? "");
  if (!/^refs\/[^/]+\/.+/.test(ref)) throw new HttpError(422, "Reference name is invalid");
  const name = ref.slice("refs/".length);
  if (ctx.repo.refs.has(name)) throw new HttpError(422, "Reference already exists");
  if (!ctx.repo.git.commits.has(sha)) throw new HttpError(422, "Object does not exist");
  ctx.repo.refs.set(name, sha);
  return ok(refJson(ctx.repo, name, sha), 201);
}

function updateRef(ctx: RepoContext) {
  const name = refName(ctx);
  const current = ctx.repo.refs.get(name);
  const sha = String(ctx.body.sha ?? "");
  if (!current) throw new HttpError(422, "Reference does not exist");
  if (!ctx.repo.git.commits.has(sha)) throw new HttpError(422, "Object does not exist");
  if (!ctx.body.force && !ctx.repo.git.isAncestor(current, sha)) throw new HttpError(422, "Update is not a fast forward");
  ctx.repo.refs.set(name, sha);
  return ok(refJson(ctx.repo, name, sha));
}

function commitOf(repo: FakeRepo, ref: string) {
  const commit = repo.commitAt(ref);
  if (!commit) throw new HttpError(422, `No commit found for SHA: ${ref}`);
  return commit;
}

function listCommits(ctx: RepoContext) {
  const head = commitOf(ctx.repo, ctx.query.sha ?? ctx.repo.defaultBranch);
  let commits = ctx.repo.git.between(undefined, head.sha).reverse();
  const path = ctx.query.path;
  if (path) {
    commits = commits.filter((c) => {
      const parent = c.parents[0] ? ctx.repo.git.get(c.parents[0]) : undefined;
      return parent?.files.get(path) !== c.files.get(path);
    });
  }
  return listReply(ctx, commits.map((c) => commitJson(ctx.repo, c, false)));
}

function compare(ctx: RepoContext) {
  const { repo } = ctx;
  const basehead = ctx.params.basehead ?? `${ctx.params.base}...${ctx.params.head}`;
  const [baseRef, headRef] = basehead.split("...");
  const base = repo.commitAt(baseRef ?? "");
  const head = repo.commitAt(headRef ?? "");
  if (!base || !head) throw notFound();
  const mbSha = repo.git.mergeBase(base.sha, head.sha);
  const mb = mbSha ? repo.git.get(mbSha) : undefined;
  const ahead = repo.git.between(base.sha, head.sha);
  const behind = repo.git.between(head.sha, base.sha);
  const status = base.sha === head.sha ? "identical" : !behind.length ? "ahead" : !ahead.length ? "behind" : "diverged";
  const files = repo.git.diff(mb?.files, head.files).map((f) => fileJson(repo, head.sha, f));
  return ok({
    url: `${repo.apiUrl}/compare/${basehead}`,
    html_url: `${repo.htmlUrl}/compare/${basehead}`,
    permalink_url: `${repo.htmlUrl}/compare/${base.sha}...${head.sha}`,
    diff_url: `${repo.htmlUrl}/compare/${basehead}.diff`,
    patch_url: `${repo.htmlUrl}/compare/${basehead}.patch`,
    base_commit: commitJson(repo, base, false),
    merge_base_commit: mb ? commitJson(repo, mb, false) : null,
    status,
    ahead_by: ahead.length,
    behind_by: behind.length,
    total_commits: ahead.length,
    commits: paginateCompare(ctx, ahead).map((c) => commitJson(repo, c, false)),
    files,
  });
}

function paginateCompare<T>(ctx: RepoContext, items: T[]): T[] {
  if (!ctx.query.per_page && !ctx.query.page) return items.slice(0, 250);
  const perPage = Math.min(Number(ctx.query.per_page ?? 250), 250);
  const page = Math.max(Number(ctx.query.page ?? 1), 1);
  return items.slice((page - 1) * perPage, page * perPage);
}

/** 1. find both ends  2. nothing to do when head is in base  3. three-way merge  4. move base. */
function merge(ctx: RepoContext) {
  const { repo } = ctx;
  const baseName = String(ctx.body.base);
  const baseSha = repo.refs.get(`heads/${baseName}`);
  if (!baseSha) throw new HttpError(404, "Base does not exist");
  const headSha = repo.resolve(String(ctx.body.head));
  if (!headSha) throw new HttpError(404, "Head does not exist");
  if (repo.git.isAncestor(headSha, baseSha)) return noContent();
  const result = repo.git.merge(baseSha, headSha);
  if (result.kind === "conflict") throw new HttpError(409, "Merge conflict");
  const workflow = repo.git.diff(repo.git.get(baseSha)!.files, result.files).find((f) => f.filename.startsWith(".github/workflows/"));
  if (workflow && ctx.fake.permissions.workflows !== "write") {
    throw new HttpError(403, `refusing to allow a GitHub App to create or update workflow \`${workflow.filename}\` without \`workflows\` permission`);
  }
  const message = String(ctx.body.commit_message ?? `Merge ${String(ctx.body.head)} into ${baseName}`);
  const commit = repo.git.create([baseSha, headSha], result.files, message);
  repo.refs.set(`heads/${baseName}`, commit.sha);
  return ok(commitJson(repo, commit), 201);
}

export const gitRoutes: RepoRoutes = {
  "GET /repos/{owner}/{repo}/contents/{path}": getContents,
  "GET /repos/{owner}/{repo}/git/ref/{ref}": (ctx) => {
    const sha = ctx.repo.refs.get(refName(ctx));
    if (!sha) throw notFound();
    return ok(refJson(ctx.repo, refName(ctx), sha));
  },
  "GET /repos/{owner}/{repo}/git/matching-refs/{ref}": (ctx) => {
    const prefix = refName(ctx);
    const refs = [...ctx.repo.refs.entries()].filter(([name]) => name.startsWith(prefix)).sort(([a], [b]) => a.localeCompare(b));
    return listReply(ctx, refs.map(([name, sha]) => refJson(ctx.repo, name, sha)));
  },
  "POST /repos/{owner}/{repo}/git/refs": createRef,
  "PATCH /repos/{owner}/{repo}/git/refs/{ref}": updateRef,
  "DELETE /repos/{owner}/{repo}/git/refs/{ref}": (ctx) => {
    if (!ctx.repo.refs.delete(refName(ctx))) throw new HttpError(422, "Reference does not exist");
    return noContent();
  },
  "GET /repos/{owner}/{repo}/git/commits/{commit_sha}": (ctx) => {
    const commit = ctx.repo.git.get(ctx.params.commit_sha ?? "");
    if (!commit) throw notFound();
    return ok(gitCommitJson(ctx.repo, commit));
  },
  "GET /repos/{owner}/{repo}/commits/{ref}": (ctx) => ok(commitJson(ctx.repo, commitOf(ctx.repo, ctx.params.ref ?? ""))),
  "GET /repos/{owner}/{repo}/commits": listCommits,
  "GET /repos/{owner}/{repo}/compare/{basehead}": compare,
  "GET /repos/{owner}/{repo}/compare/{base}...{head}": compare,
  "GET /repos/{owner}/{repo}/branches/{branch}": (ctx) => {
    const name = ctx.params.branch ?? "";
    const sha = ctx.repo.refs.get(`heads/${name}`);
    if (!sha) throw new HttpError(404, "Branch not found");
    return ok(branchJson(ctx.repo, name, ctx.repo.git.get(sha)!));
  },
  "POST /repos/{owner}/{repo}/merges": merge,
};
