/**
 * The few functions of the `semver` package the semver scheme uses. `semver` is present as a
 * transitive dependency without type declarations, so it is loaded through `createRequire` and
 * typed here; once `semver` and `@types/semver` are direct dependencies this file can become
 * `import semver from "semver"`.
 */
import { createRequire } from "node:module";

export type ReleaseType = "major" | "minor" | "patch";

export interface SemverApi {
  valid(version: string): string | null;
  inc(version: string, release: ReleaseType): string | null;
  compare(a: string, b: string): -1 | 0 | 1;
  gt(a: string, b: string): boolean;
}

export const semver = createRequire(import.meta.url)("semver") as SemverApi;
