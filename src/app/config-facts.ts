/**
 * Reads `.github/signalbox.yml` for decisions. The config that drives pipelines always comes
 * from the default branch (never from a pull request's head), and is cached briefly per
 * repository; a push that changes the file drops the cached copy.
 */
import { parseConfig, type ConfigResult } from "../config/parse-config.js";
import { CONFIG_PATH } from "../core/config-check.js";
import { repoKey, type RepoRef } from "../core/types.js";
import type { GitHubPort } from "../effects/github-port.js";

const TTL_MS = 60_000;

export class ConfigFacts {
  private readonly cache = new Map<string, { result: ConfigResult; at: number }>();

  constructor(
    private readonly nowMs: () => number = Date.now,
    /** Told about every valid config read from a default branch (e.g. to register schedules). */
    private readonly onDefaultBranchConfig: (repo: RepoRef, result: ConfigResult) => Promise<void> = async () => {},
  ) {}

  /** The config at `ref` (the default branch when omitted), following `_extends`. */
  async load(port: GitHubPort, repo: RepoRef, ref?: string): Promise<ConfigResult> {
    const key = repoKey(repo);
    const cached = ref === undefined ? this.cache.get(key) : undefined;
    if (cached && this.nowMs() - cached.at < TTL_MS) return cached.result;
    const text = await port.readFile(repo, CONFIG_PATH, ref);
    // `_extends` is resolved by Probot's loader; validation still maps errors to the local file.
    const extendsOrg = text !== null && /^_extends\s*:/m.test(text);
    const resolved = extendsOrg ? await port.resolveConfig(repo, CONFIG_PATH) : undefined;
    const result = parseConfig(text, { path: CONFIG_PATH, resolved });
    if (ref === undefined) {
      this.cache.set(key, { result, at: this.nowMs() });
      if (result.errors.length === 0) await this.onDefaultBranchConfig(repo, result);
    }
    return result;
  }

  forget(repo: RepoRef): void {
    this.cache.delete(repoKey(repo));
  }
}
