/**
 * signalbox's own settings, read once from the environment (Probot reads its own).
 * Every variable is documented in .env.example.
 */
import { z } from "zod";

const emptyAsUndefined = (value: unknown) => (value === "" ? undefined : value);
const optionalText = z.preprocess(emptyAsUndefined, z.string().optional());
const positiveInt = (fallback: number) => z.preprocess(emptyAsUndefined, z.coerce.number().int().positive().default(fallback));

const settingsSchema = z.object({
  DATABASE_URL: optionalText,
  SIGNALBOX_DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default("./.signalbox")),
  API_TOKEN: optionalText,
  API_TOKENS: optionalText,
  WEB_PASSWORD: optionalText,
  SESSION_SECRET: optionalText,
  WEBHOOK_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/ }).optional()),
  BUILD_TIMEOUT_IN_MINUTES: positiveInt(60),
  REVISIONS_TO_KEEP: positiveInt(500),
  TIMER_INTERVAL_SECONDS: positiveInt(30),
  RECONCILE_INTERVAL_SECONDS: positiveInt(300),
  RETENTION_DAYS: positiveInt(30),
  JOURNAL_LEASE_SECONDS: positiveInt(30),
  METRICS_TOKEN: optionalText,
  SHUTDOWN_GRACE_SECONDS: z.preprocess(emptyAsUndefined, z.coerce.number().int().nonnegative().default(20)),
  SSE_CONNECTIONS_PER_CLIENT: positiveInt(256),
  SSE_CONNECTIONS_TOTAL: positiveInt(2048),
});

export interface Settings {
  databaseUrl: string | undefined;
  dataDir: string;
  /** Token external CI servers send to the build-status API; unset means the API refuses every call. */
  apiToken: string | undefined;
  /** Every accepted token with its scopes: API_TOKEN (all scopes) and the named ones of API_TOKENS. */
  apiTokens: ApiToken[];
  /** Dashboard password; unset means the dashboard is public. */
  webPassword: string | undefined;
  /** Keys dashboard sessions with the password; unset means one generated at first start and kept in the store. */
  sessionSecret: string | undefined;
  /** Where project-status webhooks are POSTed. */
  webhookUrl: string | undefined;
  buildTimeoutMinutes: number;
  revisionsToKeep: number;
  /** How often timers (job timeouts, schedules) are checked. */
  timerIntervalSeconds: number;
  /** How often GitHub's state is reconciled with what signalbox heard (lost webhooks; docs/reconcile.md). */
  reconcileIntervalSeconds: number;
  /** Finished journal entries and recorded effects older than this are pruned. */
  retentionDays: number;
  /** How long a worker's claim on a delivery lasts unrenewed (work of a crashed process is taken over after it). */
  journalLeaseSeconds: number;
  /** Bearer token GET /metrics wants; unset means /metrics is open. */
  metricsToken: string | undefined;
  /** On SIGTERM, how long work in flight may take before it is handed back to the journal. */
  shutdownGraceSeconds: number;
  /** Open dashboard event streams (GET /events) one client address may hold. */
  sseConnectionsPerClient: number;
  /** Open dashboard event streams this process serves at once. */
  sseConnectionsTotal: number;
}

export const API_SCOPES = ["report", "lock", "promote", "read", "admin"] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export interface ApiToken {
  name: string;
  scopes: ApiScope[];
  /** The repositories (`owner/name`) and owners (`owner/*`) the token covers; empty covers all. */
  repos: string[];
  token: string;
}

/** `owner/name` or `owner/*` (a bare `owner` means `owner/*`). */
const REPO_PATTERN = /^[A-Za-z0-9_.-]+(\/([A-Za-z0-9_.-]+|\*))?$/;

/**
 * API_TOKENS: entries separated by spaces or commas, each `name:scope+scope[@repos]:token`, where
 * repos are `owner/name` or `owner/*` joined by `+`, e.g.
 * `jenkins:report+lock@acme/*:s3cret release-bot:promote:t0ken`. A bad entry throws, naming it.
 */
export function parseApiTokens(text: string): ApiToken[] {
  return text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((entry) => {
      const [name, grant, ...rest] = entry.split(":");
      const token = rest.join(":");
      const [scopes, repoList] = splitOnce(grant ?? "", "@");
      const list = scopes.split("+").filter(Boolean);
      const repos = repoList === undefined ? [] : repoList.split("+").map((r) => (r.includes("/") ? r : `${r}/*`));
      const bad = list.find((scope) => !(API_SCOPES as readonly string[]).includes(scope));
      const badRepo = repoList === undefined ? undefined : repoList.split("+").find((r) => !REPO_PATTERN.test(r));
      if (!name || !token || list.length === 0 || bad || badRepo !== undefined) {
        const got = bad ? ` (got "${bad}")` : badRepo !== undefined ? ` (got repository "${badRepo}")` : "";
        throw new Error(`Invalid environment: API_TOKENS entry "${name ?? entry}" must be name:scope+scope[@owner/repo+owner/*]:token with scopes from ${API_SCOPES.join(", ")}${got}`);
      }
      return { name, scopes: list as ApiScope[], repos, token };
    });
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

/** Reads the settings; a bad value throws an error naming the variable and what is expected. */
export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const parsed = settingsSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment: ${problems.join("; ")}`);
  }
  const s = parsed.data;
  return {
    databaseUrl: s.DATABASE_URL,
    dataDir: s.SIGNALBOX_DATA_DIR,
    apiToken: s.API_TOKEN,
    apiTokens: [...(s.API_TOKEN ? [{ name: "API_TOKEN", scopes: [...API_SCOPES], repos: [], token: s.API_TOKEN }] : []), ...parseApiTokens(s.API_TOKENS ?? "")],
    webPassword: s.WEB_PASSWORD,
    sessionSecret: s.SESSION_SECRET,
    webhookUrl: s.WEBHOOK_URL,
    buildTimeoutMinutes: s.BUILD_TIMEOUT_IN_MINUTES,
    revisionsToKeep: s.REVISIONS_TO_KEEP,
    timerIntervalSeconds: s.TIMER_INTERVAL_SECONDS,
    reconcileIntervalSeconds: s.RECONCILE_INTERVAL_SECONDS,
    retentionDays: s.RETENTION_DAYS,
    journalLeaseSeconds: s.JOURNAL_LEASE_SECONDS,
    metricsToken: s.METRICS_TOKEN,
    shutdownGraceSeconds: s.SHUTDOWN_GRACE_SECONDS,
    sseConnectionsPerClient: s.SSE_CONNECTIONS_PER_CLIENT,
    sseConnectionsTotal: s.SSE_CONNECTIONS_TOTAL,
  };
}

/** Hosts whose repository strings name GitHub repositories: github.com and the GHE host (Probot's GHE_HOST). */
export function githubHosts(env: NodeJS.ProcessEnv = process.env): string[] {
  return ["github.com", ...(env.GHE_HOST ? [env.GHE_HOST] : [])];
}
