/**
 * One repository of the fake GitHub: its git graph and refs, and the records the API keeps
 * (check runs, statuses, releases, issues, pulls...). Tests read and seed these directly.
 */
import { GitGraph, type GitCommit } from "./git-graph.js";
import type { Json } from "./openapi-spec.js";

export type Permission = "admin" | "maintain" | "write" | "triage" | "read" | "none";

/** What a repository needs from the fake that holds it. */
export interface FakeWorld {
  nextId(): number;
  readonly apiBase: string;
  readonly appSlug: string;
  readonly appId: number;
}

export interface AddRepoOptions {
  owner: string;
  repo: string;
  defaultBranch?: string;
  installationId?: number;
  private?: boolean;
  /** Files of the first commit on the default branch. */
  files?: Record<string, string>;
}

export interface CommitOptions {
  files?: Record<string, string | null>;
  message?: string;
  author?: { name?: string; email?: string; date?: string };
}

export interface AddPullOptions {
  head: string;
  base?: string;
  title?: string;
  body?: string;
  user?: string;
  labels?: string[];
  draft?: boolean;
  /** The owner of the fork the head branch lives in (none: the repository itself). */
  fork?: string;
}

export class FakeRepo {
  readonly git = new GitGraph();
  /** "heads/main" → sha, "tags/v1.0.0" → sha. */
  readonly refs = new Map<string, string>();
  readonly id: number;
  readonly installationId: number;
  defaultBranch: string;
  readonly checkRuns: Json[] = [];
  readonly annotations = new Map<number, Json[]>();
  readonly statuses: Json[] = [];
  readonly releases: Json[] = [];
  readonly issues: Json[] = [];
  readonly comments: Json[] = [];
  readonly labels: Json[] = [];
  readonly pulls: Json[] = [];
  readonly dispatches: Json[] = [];
  readonly workflowRuns: Json[] = [];
  /** Issue events (GET .../issues/{n}/events): who labelled what, and when. */
  readonly issueEvents: Json[] = [];
  readonly permissions = new Map<string, Permission>();
  latestReleaseId: number | undefined;
  private numbers = 0;

  constructor(
    readonly world: FakeWorld,
    readonly owner: string,
    readonly name: string,
    options: AddRepoOptions,
  ) {
    this.id = world.nextId();
    this.installationId = options.installationId ?? 1;
    this.defaultBranch = options.defaultBranch ?? "main";
    this.private = options.private ?? false;
    const first = this.git.create([], new Map(Object.entries(options.files ?? { "README.md": `# ${this.name}\n` })), "Initial commit");
    this.refs.set(`heads/${this.defaultBranch}`, first.sha);
  }

  readonly private: boolean;

  get fullName(): string {
    return `${this.owner}/${this.name}`;
  }

  get apiUrl(): string {
    return `${this.world.apiBase}/repos/${this.fullName}`;
  }

  get htmlUrl(): string {
    return `https://github.com/${this.fullName}`;
  }

  /** Tags as GitHub's refs/tags/* namespace holds them. */
  get tags(): Array<{ name: string; sha: string }> {
    return [...this.refs.entries()]
      .filter(([ref]) => ref.startsWith("tags/"))
      .map(([ref, sha]) => ({ name: ref.slice("tags/".length), sha }));
  }

  /** Adds a commit on `branch` (created from the default branch when missing); returns its sha. */
  commit(branch: string, options: CommitOptions = {}): string {
    const parent = this.refs.get(`heads/${branch}`) ?? this.sha(this.defaultBranch);
    const files = new Map(this.git.get(parent)!.files);
    for (const [path, text] of Object.entries(options.files ?? {})) {
      if (text === null) files.delete(path);
      else files.set(path, text);
    }
    const commit = this.git.create([parent], files, options.message ?? "Update", options.author);
    this.refs.set(`heads/${branch}`, commit.sha);
    return commit.sha;
  }

  /** Creates (or moves) a branch at `from` (a ref or sha; default: the default branch). */
  branch(name: string, from: string = this.defaultBranch): string {
    const sha = this.sha(from);
    this.refs.set(`heads/${name}`, sha);
    return sha;
  }

  /** Resolves a branch, tag, full ref or (abbreviated) sha; throws when unknown. */
  sha(ref: string): string {
    const sha = this.resolve(ref);
    if (!sha) throw new Error(`fake GitHub: ${this.fullName} has no ref "${ref}"`);
    return sha;
  }

  resolve(ref: string): string | undefined {
    const short = ref.replace(/^refs\//, "");
    return (
      this.refs.get(short) ?? this.refs.get(`heads/${short}`) ?? this.refs.get(`tags/${short}`) ?? this.git.get(ref)?.sha
    );
  }

  commitAt(ref: string): GitCommit | undefined {
    const sha = this.resolve(ref);
    return sha ? this.git.get(sha) : undefined;
  }

  file(ref: string, path: string): string | undefined {
    return this.commitAt(ref)?.files.get(path);
  }

  setPermission(login: string, permission: Permission): void {
    this.permissions.set(login, permission);
  }

  nextNumber(): number {
    return ++this.numbers;
  }

  /** An open pull request from `head` into `base` (default branch); the head branch must exist. */
  addPull(options: AddPullOptions): Json {
    const base = options.base ?? this.defaultBranch;
    const number = this.nextNumber();
    const now = new Date().toISOString();
    const pull: Json = {
      id: this.world.nextId(),
      number,
      node_id: `PR_${number}`,
      state: "open",
      title: options.title ?? `Pull request ${number}`,
      body: options.body ?? null,
      user: { login: options.user ?? "octocat", id: 1, type: "User" },
      labels: (options.labels ?? []).map((name) => this.label(name)),
      draft: options.draft ?? false,
      merged: false,
      merged_at: null,
      merge_commit_sha: null,
      created_at: now,
      updated_at: now,
      closed_at: null,
      head: { ref: options.head, sha: this.sha(options.head), ...(options.fork ? { fork: options.fork } : {}) },
      base: { ref: base, sha: this.sha(base) },
    };
    this.pulls.push(pull);
    return pull;
  }

  /** Merges an open pull request as the merge button does (a merge commit); returns its sha. */
  mergePull(number: number): string {
    const pull = this.pulls.find((p) => p.number === number && p.state === "open");
    if (!pull) throw new Error(`fake GitHub: no open pull request #${number} in ${this.fullName}`);
    const base = this.sha(String(pull.base.ref));
    const head = this.sha(String(pull.head.ref));
    const result = this.git.merge(base, head);
    if (result.kind === "conflict") throw new Error(`fake GitHub: #${number} conflicts in ${result.paths.join(", ")}`);
    const commit = this.git.create([base, head], result.files, `Merge pull request #${number} from ${String(pull.head.ref)}`);
    this.refs.set(`heads/${String(pull.base.ref)}`, commit.sha);
    const now = new Date().toISOString();
    Object.assign(pull, { state: "closed", merged: true, merged_at: now, closed_at: now, merge_commit_sha: commit.sha });
    Object.assign(pull.head, { sha: head });
    Object.assign(pull.base, { sha: base });
    return commit.sha;
  }

  /** `actor` adds a label to an issue or PR, as on github.com: the label and its `labeled` event. */
  addLabel(number: number, name: string, actor: string): void {
    const item = this.issueOrPull(number);
    if (!item) throw new Error(`fake GitHub: no issue or pull request #${number} in ${this.fullName}`);
    const labels = item.labels as Json[];
    const label = this.label(name);
    if (!labels.some((l) => l.id === label.id)) labels.push(label);
    const id = this.world.nextId();
    const actorJson = { login: actor, id: 1, node_id: `U_${actor}`, type: "User" };
    this.issueEvents.push({ id, node_id: `LE_${id}`, issue_number: number, event: "labeled", actor: actorJson, label: { name, color: "ededed" }, created_at: new Date().toISOString() });
  }

  /** The repository label named `name`, created when missing, as GitHub does on add. */
  label(name: string): Json {
    let label = this.labels.find((l) => String(l.name).toLowerCase() === name.toLowerCase());
    if (!label) {
      const id = this.world.nextId();
      label = { id, node_id: `LA_${id}`, url: `${this.apiUrl}/labels/${encodeURIComponent(name)}`, name, color: "ededed", default: false, description: null };
      this.labels.push(label);
    }
    return label;
  }

  /** An issue or a pull request by number (they share numbers, as on GitHub). */
  issueOrPull(number: number): Json | undefined {
    return this.issues.find((i) => i.number === number) ?? this.pulls.find((p) => p.number === number);
  }
}
