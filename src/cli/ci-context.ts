/**
 * What a CI job knows about itself, read from the environment variables each CI sets.
 * Pure: no file system, no clock. GitHub's pull-request head is passed in by the caller, who
 * reads `GITHUB_EVENT_PATH` (see `githubEventPath`).
 */

export type CiProvider = "github-actions" | "gitlab-ci" | "circleci" | "jenkins";

export interface CiContext {
  revision?: string;
  repository?: string;
  statusUrl?: string;
  provider?: CiProvider;
}

type Env = Readonly<Record<string, string | undefined>>;

export interface CiExtras {
  /** The parsed `GITHUB_EVENT_PATH` file, used for the head SHA of pull-request events. */
  githubEvent?: unknown;
}

/** Every variable a revision may be read from, in the order tried; named in the "no revision" hint. */
export const REVISION_VARIABLES = [
  "GITHUB_SHA",
  "CI_MERGE_REQUEST_SOURCE_BRANCH_SHA",
  "CI_COMMIT_SHA",
  "CIRCLE_SHA1",
  "GIT_COMMIT",
] as const;

const value = (env: Env, name: string): string | undefined => {
  const v = env[name]?.trim();
  return v === undefined || v === "" ? undefined : v;
};

/** Removes `user:password@` from a URL (`https://gitlab-ci-token:xxx@host/…` → `https://host/…`). */
export function stripCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, "$1");
}

/**
 * One spelling per repository, whichever CI reports it, so that every CI's builds and locks of a
 * repository meet in one project: `https://host/owner/name`, without credentials or `.git`.
 * `git@github.com:org/repo.git` and `ssh://git@github.com/org/repo.git` both become
 * `https://github.com/org/repo`. Anything else is returned as given (minus credentials).
 */
export function normalizeRepository(raw: string): string {
  const url = stripCredentials(raw.trim());
  const scp = /^[^/@:\s]+@([^/:\s]+):(?!\/)(.+)$/.exec(url);
  if (scp) return `https://${scp[1]}/${trimPath(scp[2] ?? "")}`;
  const ssh = /^(?:ssh|git\+ssh|git):\/\/([^/:]+)(?::\d+)?\/(.+)$/i.exec(url);
  if (ssh) return `https://${ssh[1]}/${trimPath(ssh[2] ?? "")}`;
  const http = /^(https?:\/\/[^/]+)\/(.+)$/i.exec(url);
  if (http) return `${http[1]}/${trimPath(http[2] ?? "")}`;
  return url;
}

const trimPath = (path: string): string => path.replace(/\/+$/, "").replace(/\.git$/i, "");

/** `https://github.com/org/repo` → `org/repo`: the short form printed on success. */
export function repositoryLabel(repository: string): string {
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/]+\/(.+)$/i.exec(repository);
  return m?.[1] ?? repository;
}

const isPullRequestEvent = (env: Env): boolean =>
  ["pull_request", "pull_request_target", "pull_request_review", "pull_request_review_comment"].includes(
    value(env, "GITHUB_EVENT_NAME") ?? "",
  );

/** The head commit of a pull-request event payload, when it has one. */
function pullRequestHead(event: unknown): string | undefined {
  const pr = (event as { pull_request?: { head?: { sha?: unknown } } } | null)?.pull_request;
  const sha = pr?.head?.sha;
  return typeof sha === "string" && sha !== "" ? sha : undefined;
}

/** The event file worth reading: only pull-request events, whose GITHUB_SHA is a merge commit. */
export function githubEventPath(env: Env): string | undefined {
  return value(env, "GITHUB_ACTIONS") === "true" && isPullRequestEvent(env) ? value(env, "GITHUB_EVENT_PATH") : undefined;
}

function githubActions(env: Env, extras: CiExtras): CiContext {
  const server = value(env, "GITHUB_SERVER_URL")?.replace(/\/+$/, "") ?? "https://github.com";
  const repo = value(env, "GITHUB_REPOSITORY");
  const runId = value(env, "GITHUB_RUN_ID");
  // On pull_request events GITHUB_SHA is the temporary merge commit; the PR's head is in the event.
  const head = isPullRequestEvent(env) ? pullRequestHead(extras.githubEvent) : undefined;
  return {
    provider: "github-actions",
    revision: head ?? value(env, "GITHUB_SHA"),
    repository: repo ? `${server}/${repo}` : undefined,
    statusUrl: repo && runId ? `${server}/${repo}/actions/runs/${runId}` : undefined,
  };
}

function gitlabCi(env: Env): CiContext {
  const repo = value(env, "CI_PROJECT_URL") ?? value(env, "CI_REPOSITORY_URL");
  return {
    provider: "gitlab-ci",
    // In merged-results pipelines CI_COMMIT_SHA is the merge commit; this is the MR's head.
    revision: value(env, "CI_MERGE_REQUEST_SOURCE_BRANCH_SHA") ?? value(env, "CI_COMMIT_SHA"),
    repository: repo && normalizeRepository(repo),
    statusUrl: value(env, "CI_JOB_URL"),
  };
}

/** A CI that names the revision, repository and build URL in one variable each. */
function fromVariables(provider: CiProvider, names: { revision: string; repository: string; statusUrl: string }) {
  return (env: Env): CiContext => {
    const repo = value(env, names.repository);
    return { provider, revision: value(env, names.revision), repository: repo && normalizeRepository(repo), statusUrl: value(env, names.statusUrl) };
  };
}

const circleCi = fromVariables("circleci", { revision: "CIRCLE_SHA1", repository: "CIRCLE_REPOSITORY_URL", statusUrl: "CIRCLE_BUILD_URL" });
const jenkins = fromVariables("jenkins", { revision: "GIT_COMMIT", repository: "GIT_URL", statusUrl: "BUILD_URL" });

interface Provider {
  /** The variable the CI sets to say "this is me". */
  marker: (env: Env) => boolean;
  /** The revision variable, used when no CI's marker is set (a hand-made or nested environment). */
  revisionVariable: string;
  read: (env: Env, extras: CiExtras) => CiContext;
}

const PROVIDERS: readonly Provider[] = [
  { marker: (env) => value(env, "GITHUB_ACTIONS") === "true", revisionVariable: "GITHUB_SHA", read: githubActions },
  { marker: (env) => value(env, "GITLAB_CI") === "true", revisionVariable: "CI_COMMIT_SHA", read: gitlabCi },
  { marker: (env) => value(env, "CIRCLECI") === "true", revisionVariable: "CIRCLE_SHA1", read: circleCi },
  { marker: (env) => value(env, "JENKINS_URL") !== undefined, revisionVariable: "GIT_COMMIT", read: jenkins },
];

/** The CI running this process and what it says about the build; `{}` outside any known CI. */
export function detectCiContext(env: Env, extras: CiExtras = {}): CiContext {
  const provider =
    PROVIDERS.find((p) => p.marker(env)) ?? PROVIDERS.find((p) => value(env, p.revisionVariable) !== undefined);
  if (!provider) return {};
  const found = provider.read(env, extras);
  return Object.fromEntries(Object.entries(found).filter(([, v]) => v !== undefined)) as CiContext;
}
