/**
 * signalbox's memory of the GitHub objects it writes again and again (check runs, marker
 * comments). It only saves API calls: a forgotten or wrong entry costs a lookup, never a
 * wrong write, because GitHub stays the authority (a 404 on the remembered id means look again).
 */
import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import { repoKey, type RepoRef } from "../core/types.js";
import { toNumber, type Dialect } from "./dialect.js";
import type { Database } from "./schema.js";

export type WrittenKind = "check_run" | "comment";

export interface WrittenObject {
  id: number;
  /** `fingerprintOf` what was last written. */
  fingerprint: string;
}

export interface GitHubWriteStore {
  find(repo: RepoRef, kind: WrittenKind, key: string): Promise<WrittenObject | null>;
  remember(repo: RepoRef, kind: WrittenKind, key: string, object: WrittenObject, now: Date): Promise<void>;
  forget(repo: RepoRef, kind: WrittenKind, key: string): Promise<void>;
}

/** A short, stable digest of a write's content. */
export function fingerprintOf(content: unknown): string {
  return createHash("sha256").update(JSON.stringify(content ?? null)).digest("base64url").slice(0, 32);
}

export function createGitHubWriteStore(db: Kysely<Database>, dialect: Dialect): GitHubWriteStore {
  const row = (repo: RepoRef, kind: WrittenKind, key: string) =>
    db.selectFrom("github_writes").where("repo_key", "=", repoKey(repo)).where("kind", "=", kind).where("write_key", "=", key);
  return {
    async find(repo, kind, key) {
      const found = await row(repo, kind, key).select(["object_id", "fingerprint"]).executeTakeFirst();
      return found ? { id: toNumber(found.object_id), fingerprint: found.fingerprint } : null;
    },
    async remember(repo, kind, key, object, now) {
      const values = { repo_key: repoKey(repo), kind, write_key: key, object_id: object.id, fingerprint: object.fingerprint, updated_at: dialect.toDbTime(now) };
      await db
        .insertInto("github_writes")
        .values(values)
        .onConflict((oc) => oc.columns(["repo_key", "kind", "write_key"]).doUpdateSet({ object_id: values.object_id, fingerprint: values.fingerprint, updated_at: values.updated_at }))
        .execute();
    },
    async forget(repo, kind, key) {
      await db.deleteFrom("github_writes").where("repo_key", "=", repoKey(repo)).where("kind", "=", kind).where("write_key", "=", key).execute();
    },
  };
}
