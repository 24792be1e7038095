/**
 * The commit graph of one fake repository: commits with parents and a full file tree each,
 * ancestry, merge bases, diffs and a three-way merge.
 */
import { createHash } from "node:crypto";

export interface GitPerson {
  name: string;
  email: string;
  date: string;
}

export interface GitCommit {
  sha: string;
  treeSha: string;
  parents: string[];
  files: Map<string, string>;
  message: string;
  author: GitPerson;
  /** Creation order, so listings are newest first without relying on equal timestamps. */
  seq: number;
}

export interface FileChange {
  filename: string;
  status: "added" | "removed" | "modified";
  additions: number;
  deletions: number;
  changes: number;
  patch: string;
}

export type MergeResult = { kind: "merged"; files: Map<string, string> } | { kind: "conflict"; paths: string[] };

let seq = 0;

export function hashOf(...parts: string[]): string {
  return createHash("sha1").update(parts.join("\0")).digest("hex");
}

export class GitGraph {
  readonly commits = new Map<string, GitCommit>();

  create(parents: string[], files: Map<string, string>, message: string, author?: Partial<GitPerson>): GitCommit {
    const date = author?.date ?? new Date().toISOString();
    const treeSha = hashOf("tree", ...[...files.entries()].sort().flat());
    const n = ++seq;
    const sha = hashOf("commit", treeSha, ...parents, message, date, String(n));
    const person = { name: author?.name ?? "Octo Cat", email: author?.email ?? "octocat@example.com", date };
    const commit: GitCommit = { sha, treeSha, parents, files, message, author: person, seq: n };
    this.commits.set(sha, commit);
    return commit;
  }

  get(sha: string): GitCommit | undefined {
    return this.commits.get(sha) ?? [...this.commits.values()].find((c) => sha.length >= 7 && c.sha.startsWith(sha));
  }

  /** Every commit reachable from `sha`, itself included. */
  ancestors(sha: string): Set<string> {
    const seen = new Set<string>();
    const stack = [sha];
    while (stack.length) {
      const next = stack.pop()!;
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...(this.commits.get(next)?.parents ?? []));
    }
    return seen;
  }

  isAncestor(ancestor: string, of: string): boolean {
    return this.ancestors(of).has(ancestor);
  }

  /** The newest common ancestor (by creation order), or undefined for unrelated histories. */
  mergeBase(a: string, b: string): string | undefined {
    const fromA = this.ancestors(a);
    const common = [...this.ancestors(b)].filter((s) => fromA.has(s)).map((s) => this.commits.get(s)!);
    return common.sort((x, y) => y.seq - x.seq)[0]?.sha;
  }

  /** Commits reachable from `head` but not from `base`, oldest first. */
  between(base: string | undefined, head: string): GitCommit[] {
    const exclude = base ? this.ancestors(base) : new Set<string>();
    return [...this.ancestors(head)]
      .filter((s) => !exclude.has(s))
      .map((s) => this.commits.get(s)!)
      .sort((x, y) => x.seq - y.seq);
  }

  diff(from: Map<string, string> | undefined, to: Map<string, string>): FileChange[] {
    const before = from ?? new Map<string, string>();
    const paths = [...new Set([...before.keys(), ...to.keys()])].sort();
    return paths.flatMap((filename) => {
      const a = before.get(filename);
      const b = to.get(filename);
      if (a === b) return [];
      const removed = a === undefined ? 0 : a.split("\n").length;
      const added = b === undefined ? 0 : b.split("\n").length;
      const status = a === undefined ? "added" : b === undefined ? "removed" : "modified";
      const patch = `@@ -1,${removed} +1,${added} @@`;
      return [{ filename, status, additions: added, deletions: removed, changes: added + removed, patch }];
    });
  }

  /** Head's changes over base's since their merge base; a path both sides changed differently conflicts. */
  merge(base: string, head: string): MergeResult {
    const mb = this.mergeBase(base, head);
    const m = mb ? this.commits.get(mb)!.files : new Map<string, string>();
    const b = this.commits.get(base)!.files;
    const h = this.commits.get(head)!.files;
    const files = new Map<string, string>();
    const conflicts: string[] = [];
    for (const path of new Set([...b.keys(), ...h.keys(), ...m.keys()])) {
      const [bv, hv, mv] = [b.get(path), h.get(path), m.get(path)];
      const value = bv === hv || hv === mv ? bv : bv === mv ? hv : undefined;
      if (bv !== hv && hv !== mv && bv !== mv) conflicts.push(path);
      else if (value !== undefined) files.set(path, value);
    }
    return conflicts.length ? { kind: "conflict", paths: conflicts.sort() } : { kind: "merged", files };
  }
}
