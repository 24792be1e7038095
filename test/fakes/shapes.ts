/** GitHub-shaped JSON for users, repositories, commits and refs of the fake. */
import type { FakeRepo } from "./fake-repo.js";
import { hashOf, type GitCommit } from "./git-graph.js";
import type { Json } from "./openapi-spec.js";

export function userJson(login: string, type: "User" | "Bot" = login.endsWith("[bot]") ? "Bot" : "User"): Json {
  const id = Number.parseInt(hashOf("user", login).slice(0, 7), 16);
  return {
    login,
    id,
    node_id: `U_${id}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${id}`,
    url: `https://api.github.com/users/${encodeURIComponent(login)}`,
    html_url: `https://github.com/${encodeURIComponent(login)}`,
    type,
    site_admin: false,
  };
}

export function repoJson(repo: FakeRepo): Json {
  return {
    id: repo.id,
    node_id: `R_${repo.id}`,
    name: repo.name,
    full_name: repo.fullName,
    private: repo.private,
    owner: userJson(repo.owner, "User"),
    html_url: repo.htmlUrl,
    url: repo.apiUrl,
    default_branch: repo.defaultBranch,
    visibility: repo.private ? "private" : "public",
    fork: false,
    archived: false,
    disabled: false,
    permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
  };
}

function parentsJson(repo: FakeRepo, commit: GitCommit): Json[] {
  return commit.parents.map((sha) => ({ sha, url: `${repo.apiUrl}/commits/${sha}`, html_url: `${repo.htmlUrl}/commit/${sha}` }));
}

function personJson(commit: GitCommit): Json {
  return { ...commit.author };
}

/** GET /repos/{o}/{r}/git/commits/{sha}. */
export function gitCommitJson(repo: FakeRepo, commit: GitCommit): Json {
  return {
    sha: commit.sha,
    node_id: `C_${commit.sha}`,
    url: `${repo.apiUrl}/git/commits/${commit.sha}`,
    html_url: `${repo.htmlUrl}/commit/${commit.sha}`,
    author: personJson(commit),
    committer: personJson(commit),
    message: commit.message,
    tree: { sha: commit.treeSha, url: `${repo.apiUrl}/git/trees/${commit.treeSha}` },
    parents: parentsJson(repo, commit),
    verification: { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null },
  };
}

/** GET /repos/{o}/{r}/commits/{ref}: the commit, its parents and (with `withFiles`) its diff to the first parent. */
export function commitJson(repo: FakeRepo, commit: GitCommit, withFiles = true): Json {
  const git = gitCommitJson(repo, commit);
  const json: Json = {
    sha: commit.sha,
    node_id: git.node_id,
    url: `${repo.apiUrl}/commits/${commit.sha}`,
    html_url: git.html_url,
    comments_url: `${repo.apiUrl}/commits/${commit.sha}/comments`,
    commit: {
      url: git.url,
      author: git.author,
      committer: git.committer,
      message: commit.message,
      tree: git.tree,
      comment_count: 0,
      verification: git.verification,
    },
    author: null,
    committer: null,
    parents: git.parents,
  };
  if (withFiles) {
    const parent = commit.parents[0] ? repo.git.get(commit.parents[0]) : undefined;
    const files = repo.git.diff(parent?.files, commit.files).map((f) => fileJson(repo, commit.sha, f));
    const additions = files.reduce((n, f) => n + Number(f.additions), 0);
    const deletions = files.reduce((n, f) => n + Number(f.deletions), 0);
    json.stats = { total: additions + deletions, additions, deletions };
    json.files = files;
  }
  return json;
}

export function fileJson(repo: FakeRepo, sha: string, change: Json): Json {
  const filename = String(change.filename);
  const blob = hashOf("blob", sha, filename);
  return {
    sha: blob,
    ...change,
    blob_url: `${repo.htmlUrl}/blob/${sha}/${filename}`,
    raw_url: `${repo.htmlUrl}/raw/${sha}/${filename}`,
    contents_url: `${repo.apiUrl}/contents/${encodeURIComponent(filename)}?ref=${sha}`,
  };
}

/** A ref such as "heads/main" or "tags/v1" (without "refs/"). */
export function refJson(repo: FakeRepo, ref: string, sha: string): Json {
  return {
    ref: `refs/${ref}`,
    node_id: `REF_${hashOf(repo.fullName, ref).slice(0, 12)}`,
    url: `${repo.apiUrl}/git/refs/${ref}`,
    object: { type: "commit", sha, url: `${repo.apiUrl}/git/commits/${sha}` },
  };
}

export function branchJson(repo: FakeRepo, name: string, commit: GitCommit): Json {
  return {
    name,
    commit: commitJson(repo, commit, false),
    _links: { self: `${repo.apiUrl}/branches/${name}`, html: `${repo.htmlUrl}/tree/${name}` },
    protected: false,
    protection: { enabled: false, required_status_checks: { enforcement_level: "off", contexts: [], checks: [] } },
    protection_url: `${repo.apiUrl}/branches/${name}/protection`,
  };
}
