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
  WEB_PASSWORD: optionalText,
  WEBHOOK_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/ }).optional()),
  BUILD_TIMEOUT_IN_MINUTES: positiveInt(60),
  REVISIONS_TO_KEEP: positiveInt(500),
  TIMER_INTERVAL_SECONDS: positiveInt(30),
  RETENTION_DAYS: positiveInt(30),
});

export interface Settings {
  databaseUrl: string | undefined;
  dataDir: string;
  /** Token external CI servers send to the build-status API; unset means the API refuses every call. */
  apiToken: string | undefined;
  /** Dashboard password; unset means the dashboard is public. */
  webPassword: string | undefined;
  /** Where project-status webhooks are POSTed. */
  webhookUrl: string | undefined;
  buildTimeoutMinutes: number;
  revisionsToKeep: number;
  /** How often timers (job timeouts, schedules) are checked. */
  timerIntervalSeconds: number;
  /** Finished journal entries and recorded effects older than this are pruned. */
  retentionDays: number;
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
    webPassword: s.WEB_PASSWORD,
    webhookUrl: s.WEBHOOK_URL,
    buildTimeoutMinutes: s.BUILD_TIMEOUT_IN_MINUTES,
    revisionsToKeep: s.REVISIONS_TO_KEEP,
    timerIntervalSeconds: s.TIMER_INTERVAL_SECONDS,
    retentionDays: s.RETENTION_DAYS,
  };
}

/** Hosts whose repository strings name GitHub repositories: github.com and the GHE host (Probot's GHE_HOST). */
export function githubHosts(env: NodeJS.ProcessEnv = process.env): string[] {
  return ["github.com", ...(env.GHE_HOST ? [env.GHE_HOST] : [])];
}
