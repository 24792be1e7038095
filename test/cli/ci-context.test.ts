import {
  detectCiContext,
  githubEventPath,
  normalizeRepository,
  repositoryLabel,
  stripCredentials,
} from "../../src/cli/ci-context.js";

const SHA = "1a2b3c4d".repeat(5);
const HEAD = "9f8e7d6c".repeat(5);

const github = {
  GITHUB_ACTIONS: "true",
  GITHUB_SHA: SHA,
  GITHUB_SERVER_URL: "https://github.com",
  GITHUB_REPOSITORY: "org/repo",
  GITHUB_RUN_ID: "123456",
  GITHUB_EVENT_NAME: "push",
};
const gitlab = {
  GITLAB_CI: "true",
  CI_COMMIT_SHA: SHA,
  CI_PROJECT_URL: "https://gitlab.example.com/group/sub/repo",
  CI_REPOSITORY_URL: "https://gitlab-ci-token:glcbt-secret@gitlab.example.com/group/sub/repo.git",
  CI_JOB_URL: "https://gitlab.example.com/group/sub/repo/-/jobs/42",
};
const circle = {
  CIRCLECI: "true",
  CIRCLE_SHA1: SHA,
  CIRCLE_REPOSITORY_URL: "git@github.com:org/repo.git",
  CIRCLE_BUILD_URL: "https://circleci.com/gh/org/repo/77",
};
const jenkins = {
  JENKINS_URL: "https://ci.example.com/",
  GIT_COMMIT: SHA,
  GIT_URL: "https://github.com/org/repo.git",
  BUILD_URL: "https://ci.example.com/job/repo/12/",
};

describe("detectCiContext", () => {
  it.each<[string, Record<string, string>, object]>([
    ["outside any CI", {}, {}],
    [
      "GitHub Actions",
      github,
      { provider: "github-actions", revision: SHA, repository: "https://github.com/org/repo", statusUrl: "https://github.com/org/repo/actions/runs/123456" },
    ],
    [
      "GitHub Enterprise Server",
      { ...github, GITHUB_SERVER_URL: "https://ghe.example.com/" },
      { provider: "github-actions", revision: SHA, repository: "https://ghe.example.com/org/repo", statusUrl: "https://ghe.example.com/org/repo/actions/runs/123456" },
    ],
    ["GitHub without a run id", { ...github, GITHUB_RUN_ID: "" }, { provider: "github-actions", revision: SHA, repository: "https://github.com/org/repo" }],
    [
      "GitLab CI: CI_PROJECT_URL",
      gitlab,
      { provider: "gitlab-ci", revision: SHA, repository: "https://gitlab.example.com/group/sub/repo", statusUrl: "https://gitlab.example.com/group/sub/repo/-/jobs/42" },
    ],
    [
      "GitLab CI: CI_REPOSITORY_URL stripped of its job token",
      { ...gitlab, CI_PROJECT_URL: "" },
      { provider: "gitlab-ci", revision: SHA, repository: "https://gitlab.example.com/group/sub/repo", statusUrl: "https://gitlab.example.com/group/sub/repo/-/jobs/42" },
    ],
    [
      "GitLab merged-results pipeline: the MR head, not the merge commit",
      { ...gitlab, CI_MERGE_REQUEST_SOURCE_BRANCH_SHA: HEAD },
      { provider: "gitlab-ci", revision: HEAD, repository: "https://gitlab.example.com/group/sub/repo", statusUrl: "https://gitlab.example.com/group/sub/repo/-/jobs/42" },
    ],
    [
      "CircleCI with an SSH remote",
      circle,
      { provider: "circleci", revision: SHA, repository: "https://github.com/org/repo", statusUrl: "https://circleci.com/gh/org/repo/77" },
    ],
    [
      "Jenkins",
      jenkins,
      { provider: "jenkins", revision: SHA, repository: "https://github.com/org/repo", statusUrl: "https://ci.example.com/job/repo/12/" },
    ],
    [
      "Jenkins with credentials in GIT_URL",
      { ...jenkins, GIT_URL: "https://bot:s3cret@git.example.com/org/repo.git" },
      { provider: "jenkins", revision: SHA, repository: "https://git.example.com/org/repo", statusUrl: "https://ci.example.com/job/repo/12/" },
    ],
    // Precedence: a CI's own marker beats another CI's stray variables.
    ["GitHub marker beats a stray GIT_COMMIT", { ...github, GIT_COMMIT: HEAD, GIT_URL: "x" }, { provider: "github-actions", revision: SHA }],
    ["Jenkins marker beats a stray GITHUB_SHA", { ...jenkins, GITHUB_SHA: HEAD }, { provider: "jenkins", revision: SHA }],
    ["GitLab marker beats CircleCI variables", { ...gitlab, CIRCLE_SHA1: HEAD }, { provider: "gitlab-ci", revision: SHA }],
    ["no marker: the first revision variable set", { GIT_COMMIT: SHA, CIRCLE_SHA1: HEAD }, { provider: "circleci", revision: HEAD }],
    ["blank values count as unset", { GITHUB_ACTIONS: "true", GITHUB_SHA: "  " }, { provider: "github-actions" }],
  ])("%s", (_label, env, expected) => {
    const found = detectCiContext(env);
    expect(found).toMatchObject(expected);
    if (Object.keys(expected).length === 0) expect(found).toEqual({});
  });

  it("never leaks CI_REPOSITORY_URL's token", () => {
    expect(JSON.stringify(detectCiContext({ ...gitlab, CI_PROJECT_URL: "" }))).not.toContain("glcbt-secret");
  });

  describe("GitHub pull-request events", () => {
    const pr = { ...github, GITHUB_EVENT_NAME: "pull_request", GITHUB_EVENT_PATH: "/tmp/event.json" };
    const event = { pull_request: { head: { sha: HEAD } } };

    it.each<[string, Record<string, string>, unknown, string]>([
      ["pull_request: the PR head, not the merge commit", pr, event, HEAD],
      ["pull_request_target: the PR head", { ...pr, GITHUB_EVENT_NAME: "pull_request_target" }, event, HEAD],
      ["pull_request without a readable event: GITHUB_SHA", pr, undefined, SHA],
      ["push: GITHUB_SHA even if an event is given", github, event, SHA],
    ])("%s", (_label, env, githubEvent, revision) => {
      expect(detectCiContext(env, { githubEvent }).revision).toBe(revision);
    });

    it("asks for the event file only on pull-request events", () => {
      expect(githubEventPath(pr)).toBe("/tmp/event.json");
      expect(githubEventPath({ ...github, GITHUB_EVENT_PATH: "/tmp/event.json" })).toBeUndefined();
      expect(githubEventPath({ ...pr, GITHUB_ACTIONS: "" })).toBeUndefined();
    });
  });
});

describe("repository spelling", () => {
  it.each([
    ["https://github.com/org/repo", "https://github.com/org/repo"],
    ["https://github.com/org/repo.git", "https://github.com/org/repo"],
    ["https://github.com/org/repo/", "https://github.com/org/repo"],
    ["git@github.com:org/repo.git", "https://github.com/org/repo"],
    ["ssh://git@github.com:22/org/repo.git", "https://github.com/org/repo"],
    ["https://gitlab-ci-token:abc@gitlab.com/g/s/p.git", "https://gitlab.com/g/s/p"],
    ["/srv/git/repo.git", "/srv/git/repo.git"],
  ])("%s → %s", (raw, expected) => {
    expect(normalizeRepository(raw)).toBe(expected);
  });

  it.each([
    ["https://user:pw@host/org/repo", "https://host/org/repo"],
    ["https://token@host/org/repo", "https://host/org/repo"],
    ["https://host/org/a@b", "https://host/org/a@b"],
    ["git@github.com:org/repo.git", "git@github.com:org/repo.git"],
  ])("stripCredentials(%s) → %s", (raw, expected) => {
    expect(stripCredentials(raw)).toBe(expected);
  });

  it.each([
    ["https://github.com/org/repo", "org/repo"],
    ["https://gitlab.com/g/s/p", "g/s/p"],
    ["git@github.com:org/repo.git", "git@github.com:org/repo.git"],
  ])("label of %s is %s", (repository, label) => {
    expect(repositoryLabel(repository)).toBe(label);
  });
});
