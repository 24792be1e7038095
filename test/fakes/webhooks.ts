/**
 * Webhook payloads built from GitHub's own examples (`@octokit/webhooks-examples`), never by hand,
 * and signed delivery to an app's webhook endpoint.
 */
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Json } from "./openapi-spec.js";

export interface WebhookRepo {
  owner: string;
  repo: string;
  installationId?: number;
}

export interface BuildOptions {
  repo?: WebhookRepo;
  patch?: (payload: Json) => void;
}

export interface WebhookExample {
  name: string;
  action: string | undefined;
  payload: Json;
}

interface Definition {
  name: string;
  examples: Json[];
}

let definitions: Definition[] | undefined;

function loadDefinitions(): Definition[] {
  if (!definitions) {
    const file = createRequire(import.meta.url).resolve("@octokit/webhooks-examples");
    definitions = JSON.parse(readFileSync(file, "utf8")) as Definition[];
  }
  return definitions;
}

/** Only some examples carry `installation`; an app's deliveries always do. */
function withInstallation(payload: Json, id?: number): Json {
  const current = payload.installation as Json | undefined;
  const installationId = id ?? (current?.id as number | undefined) ?? 1;
  payload.installation = { ...current, id: installationId, node_id: `MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u${installationId}` };
  return payload;
}

function pointAt(payload: Json, target: WebhookRepo): void {
  const repository = payload.repository as Json | undefined;
  if (repository) {
    const fullName = `${target.owner}/${target.repo}`;
    Object.assign(repository, {
      name: target.repo,
      full_name: fullName,
      html_url: `https://github.com/${fullName}`,
      url: `https://api.github.com/repos/${fullName}`,
    });
    repository.owner = { ...(repository.owner as Json), login: target.owner, name: target.owner };
  }
  const organization = payload.organization as Json | undefined;
  if (organization) organization.login = target.owner;
}

/** Every example of every event, cloned, with `installation` added. */
export function allWebhookExamples(): WebhookExample[] {
  return loadDefinitions().flatMap((definition) =>
    definition.examples.map((example) => ({
      name: definition.name,
      action: example.action as string | undefined,
      payload: withInstallation(structuredClone(example)),
    })),
  );
}

/**
 * The first example of event `name` (with `action` when given), deep-cloned, with `installation`,
 * pointed at `options.repo` when given, then patched.
 */
export function buildWebhook(name: string, action?: string, options?: BuildOptions | ((payload: Json) => void)): Json {
  const opts: BuildOptions = typeof options === "function" ? { patch: options } : (options ?? {});
  const definition = loadDefinitions().find((d) => d.name === name);
  if (!definition) throw new Error(`no webhook examples for event "${name}"`);
  const example = definition.examples.find((e) => action === undefined || e.action === action);
  if (!example) {
    const actions = [...new Set(definition.examples.map((e) => String(e.action)))].join(", ");
    throw new Error(`no "${name}" example with action "${action}" (examples have: ${actions})`);
  }
  const payload = withInstallation(structuredClone(example), opts.repo?.installationId);
  if (opts.repo) pointAt(payload, opts.repo);
  opts.patch?.(payload);
  return payload;
}

export function signPayload(body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

export interface Delivery {
  name: string;
  id?: string;
  payload: unknown;
  secret: string;
  /** Default "/api/github/webhooks" (Probot's). */
  path?: string;
}

let deliveries = 0;

/** POSTs a signed delivery as GitHub does; returns the status and the body text. */
export async function deliverWebhook(baseUrl: string, delivery: Delivery): Promise<{ status: number; body: string }> {
  const body = JSON.stringify(delivery.payload);
  const response = await fetch(`${baseUrl.replace(/\/$/, "")}${delivery.path ?? "/api/github/webhooks"}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "user-agent": "GitHub-Hookshot/fake",
      "x-github-event": delivery.name,
      "x-github-delivery": delivery.id ?? `fake-delivery-${process.pid}-${++deliveries}`,
      "x-hub-signature-256": signPayload(body, delivery.secret),
    },
    body,
  });
  return { status: response.status, body: await response.text() };
}
