/**
 * Build locks of the board API (joakimk/pipeline's BuildLock, without its flaw: there any lock
 * call pushed the expiry forward, so a waiting revision kept the holder's lock alive).
 *
 * Taking the lock is one conditional upsert: insert, or update only when the row is ours (renew)
 * or expired (take over). PostgreSQL locks the conflicting row and re-checks the condition on
 * its newest version, and SQLite runs one writer at a time, so two processes can never both get
 * the lock and there is no read-then-write window.
 */
import type { Kysely } from "kysely";
import type { Dialect } from "./dialect.js";
import type { Database } from "./schema.js";
import type { BoardStore, LockAnswer, LockRequest } from "./board-store.js";

/** A holder may vanish between a refused take and the read of who holds it; then try again. */
const MAX_TRIES = 3;

export function createBoardLocks(db: Kysely<Database>, dialect: Dialect): Pick<BoardStore, "lock" | "unlock"> {
  const holderOf = async (request: LockRequest, now: Date): Promise<string | null> => {
    const row = await db
      .selectFrom("board_locks")
      .select("revision")
      .where("repository", "=", request.repository)
      .where("name", "=", request.name)
      .where("expires_at", ">", dialect.toDbTime(now))
      .executeTakeFirst();
    return row?.revision ?? null;
  };

  const tryTake = async (request: LockRequest, now: Date, ttlMs: number): Promise<boolean> => {
    const at = dialect.toDbTime(now);
    const row = await db
      .insertInto("board_locks")
      .values({
        repository: request.repository,
        name: request.name,
        revision: request.revision,
        expires_at: dialect.toDbTime(new Date(now.getTime() + ttlMs)),
      })
      .onConflict((oc) =>
        oc
          .columns(["repository", "name"])
          .doUpdateSet({ revision: (eb) => eb.ref("excluded.revision"), expires_at: (eb) => eb.ref("excluded.expires_at") })
          .where((eb) => eb.or([eb("board_locks.revision", "=", request.revision), eb("board_locks.expires_at", "<=", at)])),
      )
      .returning("revision")
      .executeTakeFirst();
    return row !== undefined;
  };

  return {
    async lock(request, now, ttlMs): Promise<LockAnswer> {
      for (let attempt = 1; ; attempt++) {
        if (await tryTake(request, now, ttlMs)) return { lockedByRevision: request.revision, held: true };
        const holder = await holderOf(request, now);
        if (holder !== null || attempt >= MAX_TRIES) return { lockedByRevision: holder, held: holder === request.revision };
      }
    },

    async unlock(request, now): Promise<LockAnswer> {
      // Only the holder's row matches, so anyone else's unlock deletes nothing.
      await db
        .deleteFrom("board_locks")
        .where("repository", "=", request.repository)
        .where("name", "=", request.name)
        .where("revision", "=", request.revision)
        .execute();
      const holder = await holderOf(request, now);
      return { lockedByRevision: holder, held: holder === request.revision };
    },
  };
}
