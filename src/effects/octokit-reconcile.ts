/** The reconcile's GitHub reads, implemented with Probot's Octokit. */
import type { ProbotOctokit } from "probot";
import type { CommitResultFact, OpenPull, WorkflowRunFact } from "../core/reconcile/types.js";
import type { RepoRef } from "../core/types.js";
import { statusOf } from "./http-status.js";
import type { InstallationsPort, ReconcilePort } from "./reconcile-port.js";

type Octokit = InstanceType<typeof ProbotOctokit>;

const COMPARE_FILE_LIMIT = 300;

export class OctokitReconcile implements ReconcilePort {
  constructor(private readonly octokit: Octokit) {}

  async listOpenPulls(repo: RepoRef): Promise<Array<Omit<OpenPull, "labelers">>> {
    const pulls = await this.octokit.paginate(this.octokit.rest.pulls.list, { owner: repo.owner, repo: repo.repo, state: "open", per_page: 100 });
    return pulls.map((pull) => ({
      number: pull.number,
      headSha: pull.head.sha,
      headRef: pull.head.ref,
      baseRef: pull.base.ref,
      fork: pull.head.repo?.full_name !== pull.base.repo.full_name,
      labels: pull.labels.map((label) => label.name),
      updatedAt: pull.updated_at,
    }));
  }

  async labelers(repo: RepoRef, number: number): Promise<OpenPull["labelers"]> {
    const events = await this.octokit.paginate(this.octokit.rest.issues.listEvents, { owner: repo.owner, repo: repo.repo, issue_number: number, per_page: 100 });
    const labelers: OpenPull["labelers"] = {};
    for (const event of events) {
      const name = "label" in event ? event.label?.name : undefined;
      if (event.event !== "labeled" || !name) continue;
      const seen = labelers[name];
      if (!seen || seen.at <= event.created_at) labelers[name] = { login: event.actor?.login ?? null, bot: event.actor?.type === "Bot", at: event.created_at };
    }
    return labelers;
  }

  async getWorkflowRun(repo: RepoRef, id: number): Promise<WorkflowRunFact | null> {
    try {
      const { data } = await this.octokit.rest.actions.getWorkflowRun({ owner: repo.owner, repo: repo.repo, run_id: id });
      return {
        id: data.id,
        workflow: data.path.split("/").pop() ?? "",
        headSha: data.head_sha,
        status: data.status ?? "",
        conclusion: data.conclusion,
        url: data.html_url,
        updatedAt: data.updated_at,
      };
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw error;
    }
  }

  async listResults(repo: RepoRef, sha: string): Promise<CommitResultFact[]> {
    const at = { owner: repo.owner, repo: repo.repo, ref: sha, per_page: 100 };
    const statuses = await this.octokit.paginate(this.octokit.rest.repos.listCommitStatusesForRef, at);
    const checks = await this.octokit.paginate(this.octokit.rest.checks.listForRef, at);
    return [
      ...statuses.map((s): CommitResultFact => ({ source: "status", sha, name: s.context, id: s.id, state: s.state, url: s.target_url ?? null, at: s.created_at })),
      ...checks.map((c): CommitResultFact => ({ source: "check", sha, name: c.name, id: c.id, state: c.conclusion, url: c.html_url ?? null, at: c.completed_at ?? c.started_at ?? "", ...(c.app?.slug ? { app: c.app.slug } : {}) })),
    ];
  }

  async changedPaths(repo: RepoRef, base: string, head: string): Promise<string[] | null> {
    const { data } = await this.octokit.rest.repos.compareCommitsWithBasehead({ owner: repo.owner, repo: repo.repo, basehead: `${base}...${head}`, per_page: 1 });
    const files = data.files ?? [];
    // GitHub lists at most 300 files in a comparison.
    return files.length >= COMPARE_FILE_LIMIT ? null : files.flatMap((f) => (f.previous_filename ? [f.filename, f.previous_filename] : [f.filename]));
  }

  async committedAt(repo: RepoRef, sha: string): Promise<string | null> {
    const { data } = await this.octokit.rest.repos.getCommit({ owner: repo.owner, repo: repo.repo, ref: sha, per_page: 1 });
    return data.commit.committer?.date ?? null;
  }
}

export class OctokitInstallations implements InstallationsPort {
  constructor(
    private readonly appOctokit: () => Promise<Octokit>,
    private readonly installationOctokit: (id: number) => Promise<Octokit>,
  ) {}

  async listRepositories(): Promise<Array<RepoRef & { defaultBranch: string }>> {
    const app = await this.appOctokit();
    const installations = await app.paginate(app.rest.apps.listInstallations, { per_page: 100 });
    const repos: Array<RepoRef & { defaultBranch: string }> = [];
    for (const installation of installations) {
      if (installation.suspended_at) continue;
      const octokit = await this.installationOctokit(installation.id);
      const list = await octokit.paginate(octokit.rest.apps.listReposAccessibleToInstallation, { per_page: 100 });
      for (const r of list) repos.push({ owner: r.owner.login, repo: r.name, installationId: installation.id, defaultBranch: r.default_branch });
    }
    return repos;
  }
}
