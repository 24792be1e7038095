/**
 * The GitHub App manifest the setup page posts to GitHub: app.yml's fields, plus the URLs of
 * this server. Pure; see https://docs.github.com/apps/sharing-github-apps/registering-a-github-app-from-a-manifest
 */
import { parse } from "yaml";

export interface AppManifest {
  name: string;
  url: string;
  description?: string;
  public: boolean;
  hook_attributes: { url: string; active?: boolean };
  redirect_url: string;
  default_permissions: Record<string, string>;
  default_events: string[];
  [field: string]: unknown;
}

export const WEBHOOK_PATH = "/api/github/webhooks";
export const SETUP_PATH = "/probot";
export const SETUP_CALLBACK_PATH = "/probot/setup";

/**
 * app.yml's fields win, except the URLs only this server knows: where GitHub sends webhooks
 * (`WEBHOOK_PROXY_URL`, a smee.io channel forwarded here, when set) and where it sends the
 * user back with the registration code.
 */
export function buildAppManifest(appYml: string, baseUrl: string, webhookProxyUrl?: string): AppManifest {
  const fromFile = (parse(appYml) ?? {}) as Partial<AppManifest>;
  if (!fromFile.name) throw new Error("app.yml has no `name`: GitHub needs one to register the app");
  return {
    ...fromFile,
    name: fromFile.name,
    url: fromFile.url ?? baseUrl,
    public: fromFile.public ?? false,
    default_permissions: fromFile.default_permissions ?? {},
    default_events: fromFile.default_events ?? [],
    hook_attributes: { ...fromFile.hook_attributes, url: webhookProxyUrl || `${baseUrl}${WEBHOOK_PATH}` },
    redirect_url: `${baseUrl}${SETUP_CALLBACK_PATH}`,
  };
}

/** GitHub's "register a new app" page, for a user or (with GH_ORG) an organisation. */
export function formatCreateAppUrl(env: { GHE_HOST?: string; GHE_PROTOCOL?: string; GH_ORG?: string }): string {
  const host = env.GHE_HOST || "github.com";
  const owner = env.GH_ORG ? `/organizations/${encodeURIComponent(env.GH_ORG)}` : "";
  return `${env.GHE_PROTOCOL || "https"}://${host}${owner}/settings/apps/new`;
}

/** The REST API root for the manifest-code exchange. */
export function formatApiBase(env: { GHE_HOST?: string; GHE_PROTOCOL?: string }): string {
  return env.GHE_HOST ? `${env.GHE_PROTOCOL || "https"}://${env.GHE_HOST}/api/v3` : "https://api.github.com";
}
