/** Completes parsed arguments from the environment: explicit flags first, then the CI's variables. */
import type { BuildStatus, CliArgs, Command } from "./args.js";
import { stripCredentials, type CiContext, type CiProvider } from "./ci-context.js";

export interface Settings {
  command: Command;
  /** The app's base URL without a trailing slash. */
  server: string;
  token: string;
  name: string;
  revision: string;
  repository: string;
  status?: BuildStatus;
  statusUrl?: string;
  provider?: CiProvider;
  intervalSeconds: number;
  timeoutMinutes: number;
  wait: boolean;
}

export type SettingsResult = { ok: true; settings: Settings } | { ok: false; message: string };

type Env = Readonly<Record<string, string | undefined>>;

const REVISION_HINT =
  "pass --revision, or run in a CI that sets GITHUB_SHA (GitHub Actions), CI_COMMIT_SHA (GitLab CI), CIRCLE_SHA1 (CircleCI) or GIT_COMMIT (Jenkins)";
const REPOSITORY_HINT =
  "pass --repository, or run in a CI that sets GITHUB_REPOSITORY (GitHub Actions), CI_PROJECT_URL or CI_REPOSITORY_URL (GitLab CI), CIRCLE_REPOSITORY_URL (CircleCI) or GIT_URL (Jenkins)";

const fromEnv = (env: Env, ...names: string[]): string | undefined =>
  names.map((n) => env[n]?.trim()).find((v): v is string => v !== undefined && v !== "");

function resolveServer(args: CliArgs, env: Env): SettingsResult | string {
  const raw = args.server ?? fromEnv(env, "SIGNALBOX_URL");
  if (raw === undefined) return fail("no server: pass --server or set SIGNALBOX_URL (e.g. https://signalbox.example.com)");
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail(`bad server URL "${raw}": use e.g. https://signalbox.example.com`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return fail(`bad server URL "${raw}": use http(s)`);
  if (url.search !== "" || url.username !== "" || url.password !== "") {
    return fail("the server URL must not carry credentials or a query: pass the token with SIGNALBOX_TOKEN");
  }
  return url.href.replace(/\/+$/, "");
}

export function resolveSettings(args: CliArgs, env: Env, ci: CiContext): SettingsResult {
  const server = resolveServer(args, env);
  if (typeof server !== "string") return server;
  const token = args.token ?? fromEnv(env, "SIGNALBOX_TOKEN", "API_TOKEN");
  if (token === undefined) return fail("no token: set SIGNALBOX_TOKEN (or API_TOKEN), or pass --token");
  const revision = args.revision ?? ci.revision;
  if (revision === undefined) return fail(`no revision found: ${REVISION_HINT}`);
  if (!/^[0-9a-f]{40}$/i.test(revision)) {
    return fail(`bad revision "${revision}": the full 40-character commit SHA is needed (git rev-parse HEAD)`);
  }
  const repository = args.repository !== undefined ? stripCredentials(args.repository) : ci.repository;
  if (repository === undefined) return fail(`no repository found: ${REPOSITORY_HINT}`);
  const settings: Settings = {
    command: args.command,
    server,
    token,
    name: args.name,
    revision: revision.toLowerCase(),
    repository,
    intervalSeconds: args.interval,
    timeoutMinutes: args.timeoutMinutes,
    wait: args.wait,
  };
  if (args.status !== undefined) settings.status = args.status;
  const statusUrl = args.url ?? ci.statusUrl;
  if (statusUrl !== undefined) settings.statusUrl = statusUrl;
  if (ci.provider !== undefined) settings.provider = ci.provider;
  return { ok: true, settings };
}

const fail = (message: string): SettingsResult => ({ ok: false, message });
