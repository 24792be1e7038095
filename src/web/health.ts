/**
 * Liveness and readiness for load balancers and orchestrators.
 *
 * `/healthz` answers 200 while the process serves HTTP: it touches nothing, so a slow database
 * never gets a live process restarted. `/readyz` answers 200 only when this replica can do its
 * work: the store answers, every migration the code knows is applied, and the process is not
 * shutting down. Otherwise 503 with the reason, so the load balancer sends deliveries elsewhere.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { sql } from "kysely";
import { createDialect } from "../store/dialect.js";
import { createMigrationProvider } from "../store/migrations/index.js";
import type { Store } from "../store/store.js";

/** Set by the shutdown so `/readyz` turns 503 before the process stops serving. */
export interface HealthState {
  draining: boolean;
}

export function createHealthState(): HealthState {
  return { draining: false };
}

export interface MigrationStatus {
  /** Known to this code, not applied to the store: the store is behind (or migrating). */
  missing: string[];
  /** Applied to the store, unknown to this code: a newer replica migrated it (rolling deploy). */
  unknown: string[];
}

/** Compares the migrations the code knows with those recorded in the store. */
export function compareMigrations(known: string[], applied: string[]): MigrationStatus {
  return { missing: known.filter((name) => !applied.includes(name)), unknown: applied.filter((name) => !known.includes(name)) };
}

export async function readMigrationStatus(store: Store): Promise<MigrationStatus> {
  const known = Object.keys(await createMigrationProvider(createDialect(store.engine)).getMigrations());
  // On PostgreSQL the connection's search_path names the store's schema, as for every other query.
  const { rows } = await sql<{ name: string }>`select name from schema_migrations`.execute(store.db);
  return compareMigrations(known, rows.map((row) => row.name));
}

export function healthHandler(store: Store, state: HealthState = createHealthState()) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const path = (req.url ?? "").split("?")[0];
    if (req.method !== "GET" || (path !== "/healthz" && path !== "/readyz")) return false;
    if (path === "/healthz") return send(res, 200, { status: "ok" });
    if (state.draining) return send(res, 503, { status: "draining", reason: "shutting down: finishing the work in flight" });
    try {
      const migrations = await readMigrationStatus(store);
      if (migrations.missing.length > 0) {
        return send(res, 503, { status: "unavailable", reason: `migrations not applied: ${migrations.missing.join(", ")}`, engine: store.engine });
      }
      const pending = await store.journal.pendingCount();
      return send(res, 200, { status: "ready", engine: store.engine, pending, ...(migrations.unknown.length > 0 ? { newerMigrations: migrations.unknown } : {}) });
    } catch (error) {
      return send(res, 503, { status: "unavailable", reason: `store unreachable: ${error instanceof Error ? error.message : String(error)}`, engine: store.engine });
    }
  };
}

function send(res: ServerResponse, status: number, body: object): true {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify(body));
  return true;
}
