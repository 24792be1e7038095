/**
 * How `npm start` starts, from its environment: the setup page while the GitHub App is not
 * registered yet, the app once it is, or not at all when a registered app has no webhook secret
 * (Probot would fall back to its public default, `development`, and accept forged deliveries).
 */

export type Startup =
  /** The setup page writes `.env` unauthenticated, so it listens on the loopback interface unless HOST says otherwise. */
  | { kind: "setup"; host: string }
  | { kind: "serve"; host: string; port: number; webhookPath: string }
  | { kind: "refuse"; error: string };

export interface StartupEnv {
  NODE_ENV?: string;
  APP_ID?: string;
  WEBHOOK_SECRET?: string;
  HOST?: string;
  PORT?: string;
  WEBHOOK_PATH?: string;
}

export const DEFAULT_WEBHOOK_PATH = "/api/github/webhooks";

export function decideStartup(env: StartupEnv, hasPrivateKey: boolean): Startup {
  if (!Number(env.APP_ID) || !hasPrivateKey) {
    // In production a missing credential is a mistake, not a first run.
    if (env.NODE_ENV === "production") return { kind: "refuse", error: "APP_ID and a private key (PRIVATE_KEY or PRIVATE_KEY_PATH) are required when NODE_ENV=production; the setup page is for a first run elsewhere." };
    return { kind: "setup", host: env.HOST || "127.0.0.1" };
  }
  if (!env.WEBHOOK_SECRET) {
    return {
      kind: "refuse",
      error: "WEBHOOK_SECRET is not set: signalbox will not accept webhooks without the secret GitHub signs them with. Set WEBHOOK_SECRET to the webhook secret on the GitHub App's settings page.",
    };
  }
  return { kind: "serve", host: env.HOST || "localhost", port: Number(env.PORT) || 3000, webhookPath: env.WEBHOOK_PATH || DEFAULT_WEBHOOK_PATH };
}
