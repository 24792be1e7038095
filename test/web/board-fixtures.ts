/** A small board for the dashboard tests, and a dashboard over it. */
import type { Build, BuildStatus } from "../../src/store/board-store.js";
import { dashboardRoutes, type DashboardDeps } from "../../src/web/dashboard.js";
import { FakeBoardFeed, FakeBoardStore } from "./fake-board.js";

export const SESSION_SECRET = "fixture session secret";
export const NOW = new Date(Date.UTC(2024, 0, 1, 12, 0));
export const HOSTILE = "<img src=x onerror=alert(1)>";
export const sha = (n: number) => ((n * 2654435761) % 2 ** 32).toString(16).padStart(8, "0").repeat(5);
export const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);

export function build(name: string, status: BuildStatus, statusUrl: string | null = null, startedMinutesAgo = 5): Build {
  return { name, status, statusUrl, createdAt: minutesAgo(startedMinutesAgo), updatedAt: minutesAgo(startedMinutesAgo - 2) };
}

/** Projects "beta" (position 0), "alpha" (position 1) and "gamma" (position 0): board order beta, gamma, alpha. */
export function sampleBoard(): FakeBoardStore {
  const board = new FakeBoardStore();
  const alpha = board.addProject({ name: "alpha", position: 1 });
  const beta = board.addProject({ name: "beta", position: 0, repository: "git@github.com:org/beta.git", mappings: ["beta_unit=unit", "beta_deploy=deploy"] });
  const gamma = board.addProject({ name: "gamma", position: 0 });
  for (let i = 1; i <= 20; i++) board.addRevision(beta, sha(i), [build("beta_unit", "successful", `https://ci.example.com/unit/${i}`, 10)], minutesAgo(100 - i));
  board.addRevision(alpha, sha(100), [build("unit", "failed", "javascript:alert(1)"), build(HOSTILE, "building", "https://ci.example.com/x")], minutesAgo(30));
  board.addRevision(gamma, sha(200), [build("lint", "successful", "https://ci.example.com/lint")], minutesAgo(3));
  return board;
}

export interface Harness {
  board: FakeBoardStore;
  feed: FakeBoardFeed;
  warnings: string[];
  deps: DashboardDeps;
}

export function harness(over: Partial<DashboardDeps> & { webPassword?: string } = {}): Harness {
  const board = sampleBoard();
  const feed = new FakeBoardFeed();
  const warnings: string[] = [];
  const deps: DashboardDeps = {
    board,
    feed,
    settings: { webPassword: over.webPassword, buildTimeoutMinutes: 60 },
    now: () => NOW,
    log: { warn: (_obj, msg) => void warnings.push(msg), error: () => undefined },
    sessionSecret: async () => SESSION_SECRET,
    visibility: async () => "public",
    ...over,
  };
  return { board, feed, warnings, deps };
}

export const routesOf = (h: Harness) => dashboardRoutes(h.deps);
