/**
 * Reads `.github/signalbox.yml` for decisions. The config that drives pipelines always comes
 * from the default branch (never from a pull request's head), and is trusted for a minute per
 * installation and repository; after that it is read again with a conditional request, which
 * GitHub answers 304 (free) while the file is unchanged. A push whose commits name the file drops
 * the cached copy. While the default branch holds a broken file, the last valid config stays in
 * force (the config check says why). A file read at a given commit (a pull request's head, which
 * may be a fork's, or a pushed commit) is untrusted: it is parsed off the event loop.
 */
import { OffThreadConfigParser } from "../config/parse-config-off-thread.js";
import { parseConfig, type ConfigResult } from "../config/parse-config.js";
import { CONFIG_PATH } from "../core/config-check.js";
import { repoKey, type RepoRef } from "../core/types.js";
import type { GitHubPort } from "../effects/github-port.js";
import type { RepoConfigStore } from "../store/repo-configs.js";

const TTL_MS = 60_000;
/** Shared by every app in the process: one worker thread parses untrusted files in turn. */
const untrustedParser = new OffThreadConfigParser();

export class ConfigFacts {
  private readonly cache = new Map<string, { result: ConfigResult; at: number }>();

  constructor(
    private readonly nowMs: () => number = Date.now,
    /** Told about every valid config read from a default branch (e.g. to register schedules). */
    private readonly onDefaultBranchConfig: (repo: RepoRef, result: ConfigResult) => Promise<void> = async () => {},
    /** Where the last valid config is kept; without it, a broken file means safe defaults. */
    private readonly lastValid?: RepoConfigStore,
    private readonly parser: Pick<OffThreadConfigParser, "parse"> = untrustedParser,
  ) {}

  /** The config at `ref`, as written there; or, without `ref`, the config in force on the default branch. */
  async load(port: GitHubPort, repo: RepoRef, ref?: string): Promise<ConfigResult> {
    const key = cacheKey(repo);
    const cached = ref === undefined ? this.cache.get(key) : undefined;
    if (cached && this.nowMs() - cached.at < TTL_MS) return cached.result;
    const parsed = await this.read(port, repo, ref);
    if (ref !== undefined) return parsed;
    const result = await this.inForce(repo, parsed);
    this.cache.set(key, { result, at: this.nowMs() });
    if (result.errors.length === 0) await this.onDefaultBranchConfig(repo, result);
    return result;
  }

  forget(repo: RepoRef): void {
    this.cache.delete(cacheKey(repo));
  }

  private async read(port: GitHubPort, repo: RepoRef, ref?: string): Promise<ConfigResult> {
    const text = await port.readFile(repo, CONFIG_PATH, ref);
    // `_extends` is resolved by Probot's loader; validation still maps errors to the local file.
    const extendsOrg = text !== null && /^_extends\s*:/m.test(text);
    const resolved = extendsOrg ? await port.resolveConfig(repo, CONFIG_PATH) : undefined;
    const options = { path: CONFIG_PATH, resolved };
    return ref === undefined ? parseConfig(text, options) : this.parser.parse(text, options);
  }

  /** A valid file is remembered; a broken one gives way to the last valid config, if any. */
  private async inForce(repo: RepoRef, parsed: ConfigResult): Promise<ConfigResult> {
    if (!this.lastValid) return parsed;
    if (parsed.errors.length === 0) {
      if (parsed.source === "file") await this.lastValid.saveValid(repo, parsed.config, new Date(this.nowMs()));
      return parsed;
    }
    const previous = await this.lastValid.lastValid(repo);
    return previous ? { config: previous, errors: [], source: "file" } : parsed;
  }
}

function cacheKey(repo: RepoRef): string {
  return `${repo.installationId} ${repoKey(repo)}`;
}
