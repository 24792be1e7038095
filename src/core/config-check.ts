/**
 * The `signalbox/config` check: when a push to the default branch changes the config file,
 * report whether it is valid, and what it turns on.
 */
import type { ConfigResult } from "../config/parse-config.js";
import { renderConfigCheck } from "./render/config-check.js";
import type { Decision, PushEvent, RepoRef } from "./types.js";

export const CONFIG_PATH = ".github/signalbox.yml";
export const CONFIG_CHECK_NAME = "signalbox/config";

/** Whether the push may have changed the config file, so it must be read and checked. */
export function pushTouchesConfig(push: PushEvent): boolean {
  if (push.branch !== push.defaultBranch || push.deleted) return false;
  return !push.changesComplete || push.changedPaths.includes(CONFIG_PATH);
}

/**
 * The config check a push asks for. `configAtHead`: the config read at the pushed commit, which
 * the adapter reads only when `pushTouchesConfig` says the push may have changed it.
 */
export function decidePushConfigCheck(push: PushEvent, configAtHead: ConfigResult | null): Decision {
  if (!pushTouchesConfig(push)) return { effects: [], reason: "push does not change the config" };
  if (!configAtHead) throw new Error("decidePushConfigCheck: the config at the pushed commit is missing");
  return decideConfigCheck(push, configAtHead);
}

export function decideConfigCheck(push: PushEvent, config: ConfigResult): Decision {
  // A push whose changes we cannot list was read just in case; no file there means no news.
  if (config.source === "default" && !push.changedPaths.includes(CONFIG_PATH)) {
    return { effects: [], reason: "no config file at the pushed commit; nothing to check" };
  }
  return configCheckOn(push.repo, push.after, config);
}

/**
 * The config check on a commit; `appendix` adds a section to a valid config's summary (a pull
 * request's dry run of its gates against the release head).
 */
export function configCheckOn(repo: RepoRef, sha: string, config: ConfigResult, appendix = ""): Decision {
  const rendered = renderConfigCheck(config, CONFIG_PATH);
  const valid = config.errors.length === 0;
  const summary = valid && appendix ? `${rendered.summary}\n\n${appendix}` : rendered.summary;
  return {
    reason: valid ? "config is valid" : `config has ${config.errors.length} error(s)`,
    effects: [
      {
        kind: "upsertCheckRun",
        repo,
        name: CONFIG_CHECK_NAME,
        headSha: sha,
        status: "completed",
        conclusion: valid ? "success" : "failure",
        ...rendered,
        summary,
      },
    ],
  };
}
