/**
 * The board's writes: a reported build mirrored to GitHub as a commit status, and the project
 * webhook. The board outbox queues them durably and retries them with backoff; the effects
 * runner applies each attempt.
 */
import type { SendProjectWebhookEffect, SetCommitStatusEffect } from "../core/board/effects.js";
import type { EffectResult } from "./apply-github.js";
import type { GitHubPortFactory } from "./github-port.js";
import { statusOf } from "./http-status.js";
import { sendProjectWebhook } from "./project-webhook.js";

/**
 * A 4xx other than 403, 408 and 429 (no such commit, a bad context) will not change on retry:
 * it is answered as refused. Anything else is thrown, and the outbox retries it.
 */
export async function applyCommitStatus(effect: SetCommitStatusEffect, github: GitHubPortFactory): Promise<EffectResult> {
  try {
    const port = await github(effect.repo.installationId);
    await port.createCommitStatus(effect.repo, effect.status);
    return null;
  } catch (error) {
    const status = statusOf(error) ?? 0;
    if (status >= 400 && status < 500 && ![403, 408, 429].includes(status)) {
      return { refused: `GitHub refused the commit status (${status}): ${(error as Error).message}` };
    }
    throw error;
  }
}

/** Throws a WebhookError saying why when the receiver times out, is unreachable or answers non-2xx. */
export async function applyProjectWebhook(effect: SendProjectWebhookEffect, fetchFn?: typeof fetch): Promise<EffectResult> {
  await sendProjectWebhook(effect.url, effect.payload, { fetch: fetchFn });
  return null;
}
