/**
 * The release train's GitHub calls, implemented with Probot's Octokit. An instance made `forEntry`
 * serves one journal entry and answers what it read or wrote itself (a ref, a release, the PRs
 * between two commits) again from memory rather than asking twice.
 */
import type { ProbotOctokit } from "probot";
import type { RepoRef } from "../core/types.js";
import type { GitHubWriteStore } from "../store/github-writes.js";
import { upsertMarkerComment } from "./marker-comments.js";
import { listMergedPulls } from "./merged-pulls.js";
import { statusOf } from "./http-status.js";
import type { MergedPull, MergeOutcome, RefOutcome, ReleaseView, ReleaseWrite, TrainPort } from "./train-port.js";

type Octokit = InstanceType<typeof ProbotOctokit>;

/** What one journal entry already learnt from GitHub (nothing else changes the repo's train meanwhile). */
interface EntryMemory {
  refs: Map<string, string>;
  releases: Map<string, ReleaseView>;
  pulls: Map<string, Promise<MergedPull[]>>;
}

/** Hidden in the comment that closes a train issue. */
const CLOSING_MARKER = "<!-- signalbox:closing -->";

export class OctokitTrain implements TrainPort {
  private memory: EntryMemory | null = null;

  constructor(
    private readonly octokit: Octokit,
    /** The app's bot login, to recognise its own comments and issues. */
    private readonly botLogin: () => Promise<string | null>,
    /** Which marker comments signalbox wrote and what they say; without it, each upsert lists first. */
    private readonly writes?: GitHubWriteStore,
  ) {}

  /** An instance for one journal entry of the worker, which handles a repository's entries one at a time. */
  static forEntry(octokit: Octokit, botLogin: () => Promise<string | null>, writes?: GitHubWriteStore): OctokitTrain {
    const train = new OctokitTrain(octokit, botLogin, writes);
    train.memory = { refs: new Map(), releases: new Map(), pulls: new Map() };
    return train;
  }

  private at(repo: RepoRef) {
    return { owner: repo.owner, repo: repo.repo };
  }

  async mergeBranch(repo: RepoRef, base: string, head: string, message: string): Promise<MergeOutcome> {
    try {
      // A conflict (409) must not be retried by the retry plugin: it will not go away.
      const response = await this.octokit.rest.repos.merge({ ...this.at(repo), base, head, commit_message: message, request: { retries: 0 } });
      if (response.status === 201) return { status: 201, sha: response.data.sha };
      // Nothing to merge may mean our own earlier merge whose answer was lost: name its commit.
      const own = await this.ownMergeAtTip(repo, base, head, message);
      return own ? { status: 201, sha: own } : { status: 204 };
    } catch (error) {
      const status = statusOf(error);
      if (status === 404) return { status: 404 };
      if (status === 409) return { status: 409, message: error instanceof Error ? error.message : "Merge conflict" };
      throw error;
    }
  }

  /**
   * The tip of `base` when it is the train's own merge of `head` into it (second parent `head`, and
   * the message the train writes), else null. A person's merge of the same commit has the same
   * parents; the train must never take that head, and so never tag it, as its own.
   */
  private async ownMergeAtTip(repo: RepoRef, base: string, head: string, message: string): Promise<string | null> {
    const { data } = await this.octokit.rest.repos.getCommit({ ...this.at(repo), ref: `heads/${base}` });
    const ours = data.parents.length === 2 && data.parents[1]?.sha === head && data.commit.message === message;
    return ours ? data.sha : null;
  }

  async createRef(repo: RepoRef, ref: string, sha: string): Promise<RefOutcome> {
    try {
      await this.octokit.rest.git.createRef({ ...this.at(repo), ref: `refs/${ref}`, sha });
      this.memory?.refs.set(ref, sha);
      return "created";
    } catch (error) {
      if (statusOf(error) !== 422) throw error;
      // "Reference already exists": maybe our own earlier attempt whose answer was lost.
      const existing = await this.getRefSha(repo, ref);
      if (existing === null) throw error;
      return existing === sha ? "exists-same-sha" : "exists-other-sha";
    }
  }

  async getRefSha(repo: RepoRef, ref: string): Promise<string | null> {
    const created = this.memory?.refs.get(ref);
    if (created) return created;
    try {
      const { data } = await this.octokit.rest.git.getRef({ ...this.at(repo), ref });
      return data.object.sha;
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw error;
    }
  }

  async listTags(repo: RepoRef, prefix: string): Promise<Array<{ name: string; sha: string }>> {
    // This endpoint takes no per_page (GitHub rejects it); paginate follows its Link headers.
    const refs = await this.octokit.paginate(this.octokit.rest.git.listMatchingRefs, { ...this.at(repo), ref: `tags/${prefix}` });
    return refs.map((ref) => ({ name: ref.ref.replace(/^refs\/tags\//, ""), sha: ref.object.sha }));
  }

  async createRelease(repo: RepoRef, release: ReleaseWrite): Promise<ReleaseView> {
    try {
      const { data } = await this.octokit.rest.repos.createRelease({
        ...this.at(repo),
        tag_name: release.tagName,
        name: release.name,
        body: release.body,
        prerelease: release.prerelease,
        draft: release.draft,
        target_commitish: release.targetSha,
      });
      return this.remember(toRelease(data));
    } catch (error) {
      if (statusOf(error) !== 422) throw error;
      const existing = await this.getReleaseByTag(repo, release.tagName);
      if (!existing) throw error;
      return existing;
    }
  }

  async getReleaseByTag(repo: RepoRef, tag: string): Promise<ReleaseView | null> {
    const known = this.memory?.releases.get(tag);
    if (known) return known;
    try {
      const { data } = await this.octokit.rest.repos.getReleaseByTag({ ...this.at(repo), tag });
      return this.remember(toRelease(data));
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw error;
    }
  }

  async updateRelease(repo: RepoRef, id: number, patch: { prerelease?: boolean; draft?: boolean; makeLatest?: boolean; body?: string }): Promise<ReleaseView> {
    const { data } = await this.octokit.rest.repos.updateRelease({
      ...this.at(repo),
      release_id: id,
      ...(patch.prerelease !== undefined ? { prerelease: patch.prerelease } : {}),
      ...(patch.draft !== undefined ? { draft: patch.draft } : {}),
      ...(patch.body !== undefined ? { body: patch.body } : {}),
      ...(patch.makeLatest !== undefined ? { make_latest: patch.makeLatest ? ("true" as const) : ("false" as const) } : {}),
    });
    return this.remember(toRelease(data));
  }

  /** A release as GitHub just answered it, so this entry does not ask for it again. */
  private remember(release: ReleaseView): ReleaseView {
    this.memory?.releases.set(release.tagName, release);
    return release;
  }

  async listReleases(repo: RepoRef): Promise<ReleaseView[]> {
    const releases = await this.octokit.paginate(this.octokit.rest.repos.listReleases, { ...this.at(repo), per_page: 100 });
    return releases.map(toRelease);
  }

  async findOpenIssue(repo: RepoRef, titlePrefix: string): Promise<number | null> {
    const me = await this.botLogin();
    const issues = await this.octokit.paginate(this.octokit.rest.issues.listForRepo, { ...this.at(repo), state: "open", per_page: 100, ...(me ? { creator: me } : {}) });
    return issues.find((issue) => !issue.pull_request && issue.title.startsWith(titlePrefix))?.number ?? null;
  }

  async createIssue(repo: RepoRef, title: string, body: string): Promise<number> {
    // An open issue of ours with this very title is our earlier attempt whose answer was lost.
    const existing = await this.findOpenIssue(repo, title);
    if (existing !== null) return existing;
    const { data } = await this.octokit.rest.issues.create({ ...this.at(repo), title, body });
    return data.number;
  }

  async closeIssue(repo: RepoRef, issueNumber: number, comment: string): Promise<void> {
    // Retried after a lost answer, the closing comment is found by its marker, not posted twice.
    await this.upsertComment(repo, issueNumber, CLOSING_MARKER, comment);
    await this.octokit.rest.issues.update({ ...this.at(repo), issue_number: issueNumber, state: "closed" });
  }

  /** The one comment carrying `marker` on the issue, created or edited to say `body`. */
  upsertComment(repo: RepoRef, issueNumber: number, marker: string, body: string): Promise<void> {
    return upsertMarkerComment(this.octokit, this.writes, repo, issueNumber, marker, body);
  }

  async commitsBetween(repo: RepoRef, base: string, head: string): Promise<number> {
    const { data } = await this.octokit.rest.repos.compareCommitsWithBasehead({ ...this.at(repo), basehead: `${base}...${head}`, per_page: 1 });
    return data.ahead_by;
  }

  mergedPullsBetween(repo: RepoRef, base: string | null, head: string): Promise<MergedPull[]> {
    const memo = this.memory?.pulls;
    const key = `${base ?? ""}...${head}`;
    let found = memo?.get(key);
    if (!found) {
      found = listMergedPulls(this.octokit, repo, base, head);
      memo?.set(key, found);
      found.catch(() => memo?.delete(key));
    }
    return found;
  }
}

interface ReleaseData {
  id: number;
  tag_name: string;
  name: string | null;
  prerelease: boolean;
  draft: boolean;
  html_url: string;
  created_at: string;
  published_at: string | null;
}

function toRelease(data: ReleaseData): ReleaseView {
  return { id: data.id, tagName: data.tag_name, name: data.name, prerelease: data.prerelease, draft: data.draft, url: data.html_url, createdAt: data.created_at, publishedAt: data.published_at };
}
