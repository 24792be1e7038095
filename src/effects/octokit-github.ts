/** The GitHub port implemented with Probot's Octokit (retry and throttling plugins included). */
import merge from "deepmerge";
import type { ProbotOctokit } from "probot";
import { statusOf } from "./http-status.js";
import { upsertMarkerComment } from "./marker-comments.js";
import type { RepoRef } from "../core/types.js";
import type { AppPort, CheckRunView, CheckRunWrite, CommitStatusWrite, GitHubPort, PullRequestView } from "./github-port.js";

type Octokit = InstanceType<typeof ProbotOctokit>;

/** A commit's date never changes, so the gates ask GitHub once per commit (up to this many kept). */
const COMMIT_DATES_KEPT = 5_000;
const commitDates = new Map<string, Date>();

export class OctokitGitHub implements GitHubPort {
  constructor(private readonly octokit: Octokit) {}

  async readFile(repo: RepoRef, path: string, ref?: string): Promise<string | null> {
    try {
      const { data } = await this.octokit.rest.repos.getContent({
        owner: repo.owner,
        repo: repo.repo,
        path,
        ...(ref ? { ref } : {}),
        mediaType: { format: "raw" },
      });
      return String(data);
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw error;
    }
  }

  async resolveConfig(repo: RepoRef, path: string): Promise<unknown> {
    const { config } = await this.octokit.config.get({
      owner: repo.owner,
      repo: repo.repo,
      path,
      defaults: (configs) => merge.all(configs as object[]) as Record<string, unknown>,
    });
    return config;
  }

  async findCheckRun(repo: RepoRef, sha: string, name: string): Promise<CheckRunView | undefined> {
    const { data } = await this.octokit.rest.checks.listForRef({
      owner: repo.owner,
      repo: repo.repo,
      ref: sha,
      check_name: name,
      filter: "latest",
      per_page: 1,
    });
    const run = data.check_runs[0];
    return run ? toView(run) : undefined;
  }

  async createCheckRun(repo: RepoRef, run: CheckRunWrite): Promise<CheckRunView> {
    const { data } = await this.octokit.rest.checks.create({
      owner: repo.owner,
      repo: repo.repo,
      name: run.name,
      head_sha: run.headSha,
      ...statusFields(run),
      output: output(run),
      ...(run.actions ? { actions: run.actions } : {}),
    });
    return toView(data);
  }

  async updateCheckRun(repo: RepoRef, id: number, run: CheckRunWrite): Promise<CheckRunView> {
    const { data } = await this.octokit.rest.checks.update({
      owner: repo.owner,
      repo: repo.repo,
      check_run_id: id,
      ...statusFields(run),
      output: output(run),
      ...(run.actions ? { actions: run.actions } : {}),
    });
    return toView(data);
  }

  async createCommitStatus(repo: RepoRef, status: CommitStatusWrite): Promise<void> {
    await this.octokit.rest.repos.createCommitStatus({
      owner: repo.owner,
      repo: repo.repo,
      sha: status.sha,
      state: status.state,
      context: status.context,
      ...(status.targetUrl ? { target_url: status.targetUrl } : {}),
      ...(status.description ? { description: status.description.slice(0, 140) } : {}),
    });
  }

  async getPermission(repo: RepoRef, login: string): Promise<string> {
    try {
      const { data } = await this.octokit.rest.repos.getCollaboratorPermissionLevel({ owner: repo.owner, repo: repo.repo, username: login });
      // role_name tells maintain apart from write; permission folds it into "write".
      return data.role_name === "maintain" ? "maintain" : data.permission;
    } catch (error) {
      if (statusOf(error) === 404) return "none";
      throw error;
    }
  }

  async getPullRequest(repo: RepoRef, number: number): Promise<PullRequestView | undefined> {
    try {
      const { data } = await this.octokit.rest.pulls.get({ owner: repo.owner, repo: repo.repo, pull_number: number });
      return {
        number,
        headSha: data.head.sha,
        headRef: data.head.ref,
        baseRef: data.base.ref,
        fork: data.head.repo?.full_name !== data.base.repo.full_name,
        labels: data.labels.map((label) => label.name),
        open: data.state === "open",
      };
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  async openPullsForCommit(repo: RepoRef, sha: string): Promise<number[]> {
    const { data } = await this.octokit.rest.repos.listPullRequestsAssociatedWithCommit({ owner: repo.owner, repo: repo.repo, commit_sha: sha });
    return data.filter((pull) => pull.state === "open" && pull.head.sha === sha).map((pull) => pull.number);
  }

  async getCommitDate(repo: RepoRef, sha: string): Promise<Date | null> {
    const key = `${repo.owner}/${repo.repo}@${sha}`;
    const known = commitDates.get(key);
    if (known) return known;
    try {
      const { data } = await this.octokit.rest.git.getCommit({ owner: repo.owner, repo: repo.repo, commit_sha: sha });
      const date = new Date(data.committer.date);
      if (commitDates.size >= COMMIT_DATES_KEPT) commitDates.delete(commitDates.keys().next().value!);
      commitDates.set(key, date);
      return date;
    } catch (error) {
      if (statusOf(error) === 404 || statusOf(error) === 422) return null;
      throw error;
    }
  }

  async getBranchHead(repo: RepoRef, branch?: string): Promise<{ branch: string; sha: string }> {
    const name = branch ?? (await this.octokit.rest.repos.get({ owner: repo.owner, repo: repo.repo })).data.default_branch;
    const { data } = await this.octokit.rest.repos.getBranch({ owner: repo.owner, repo: repo.repo, branch: name });
    return { branch: name, sha: data.commit.sha };
  }

  async dispatchWorkflow(repo: RepoRef, workflow: string, ref: string, inputs: Record<string, string>) {
    const { data } = await this.octokit.request("POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", {
      owner: repo.owner,
      repo: repo.repo,
      workflow_id: workflow,
      ref,
      inputs,
      return_run_details: true,
    });
    const details = (data ?? {}) as { workflow_run_id?: number; html_url?: string };
    return { workflowRunId: details.workflow_run_id, url: details.html_url };
  }

  async cancelWorkflowRun(repo: RepoRef, workflowRunId: number): Promise<void> {
    try {
      await this.octokit.rest.actions.cancelWorkflowRun({ owner: repo.owner, repo: repo.repo, run_id: workflowRunId });
    } catch (error) {
      // 409: the run already finished; there is nothing left to cancel.
      if (statusOf(error) !== 409) throw error;
    }
  }

  async createComment(repo: RepoRef, issueNumber: number, body: string, marker: string): Promise<void> {
    await upsertMarkerComment(this.octokit, undefined, repo, issueNumber, marker, body);
  }

  async addReaction(repo: RepoRef, commentId: number, content: "+1" | "-1" | "eyes" | "rocket" | "confused"): Promise<void> {
    await this.octokit.rest.reactions.createForIssueComment({ owner: repo.owner, repo: repo.repo, comment_id: commentId, content });
  }
}

/** App-level calls, authenticated with the app's JWT. */
export class OctokitApp implements AppPort {
  constructor(
    private readonly appOctokit: () => Promise<Octokit>,
    /** The installation's Octokit, for what only an installation may read (a repository's visibility). */
    private readonly installationOctokit?: (installationId: number) => Promise<Octokit>,
  ) {}

  async repositoryVisibility(owner: string, repo: string): Promise<"public" | "private" | null> {
    const id = await this.findInstallationId(owner, repo);
    if (id === null || !this.installationOctokit) return null;
    const { data } = await (await this.installationOctokit(id)).rest.repos.get({ owner, repo });
    return data.private ? "private" : "public";
  }

  async findInstallationId(owner: string, repo: string): Promise<number | null> {
    try {
      const octokit = await this.appOctokit();
      const { data } = await octokit.rest.apps.getRepoInstallation({ owner, repo });
      return data.id;
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw error;
    }
  }
}

function statusFields(run: CheckRunWrite) {
  return run.status === "completed"
    ? { status: run.status, conclusion: run.conclusion ?? "neutral" }
    : { status: run.status };
}

/** Check-run output. Callers keep annotations within GitHub's 50 per request. */
function output(run: CheckRunWrite) {
  const annotations = run.annotations;
  return {
    title: run.title,
    summary: run.summary,
    ...(run.text ? { text: run.text } : {}),
    ...(annotations?.length
      ? {
          annotations: annotations.map((a) => ({
            path: a.path,
            start_line: a.startLine,
            end_line: a.endLine,
            annotation_level: a.level,
            message: a.message,
            ...(a.title ? { title: a.title } : {}),
          })),
        }
      : {}),
  };
}

interface CheckRunData {
  id: number;
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
}

function toView(data: CheckRunData): CheckRunView {
  return {
    id: data.id,
    name: data.name,
    headSha: data.head_sha,
    status: data.status as CheckRunView["status"],
    conclusion: data.conclusion as CheckRunView["conclusion"],
    title: data.output.title,
    summary: data.output.summary,
    text: data.output.text,
  };
}
