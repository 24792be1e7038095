/**
 * Every migration, by name, in order. A static list rather than FileMigrationProvider so the same
 * code runs from ts-jest (.ts sources) and from the compiled dist/ (.js).
 */
import type { Migration, MigrationProvider } from "kysely";
import type { Dialect } from "../dialect.js";
import { journalAndEffects } from "./0001-journal-and-effects.js";
import { board } from "./0002-board.js";
import { pipelineRuns } from "./0003-pipeline-runs.js";
import { pipelineSchedules } from "./0004-pipeline-schedules.js";
import { trainState } from "./0005-train-state.js";
import { repoConfigs } from "./0007-repo-configs.js";
import { resultsAndWaivers } from "./0006-results-and-waivers.js";
import { githubWrites } from "./0008-github-writes.js";
import { appSecrets } from "./0009-app-secrets.js";
import { pullHeads } from "./0010-pull-heads.js";

export function createMigrationProvider(dialect: Dialect): MigrationProvider {
  const migrations: Record<string, Migration> = {
    "0001-journal-and-effects": journalAndEffects(dialect),
    "0002-board": board(dialect),
    "0003-pipeline-runs": pipelineRuns(dialect),
    "0004-pipeline-schedules": pipelineSchedules(dialect),
    "0005-train-state": trainState(dialect),
    "0006-results-and-waivers": resultsAndWaivers(dialect),
    "0007-repo-configs": repoConfigs(dialect),
    "0008-github-writes": githubWrites(dialect),
    "0009-app-secrets": appSecrets(dialect),
    "0010-pull-heads": pullHeads(dialect),
  };
  return { getMigrations: async () => migrations };
}
