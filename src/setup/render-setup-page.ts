/**
 * The first-run page: one button that posts the app manifest to GitHub. The manifest travels in
 * an attribute, so it is escaped like every other string signalbox puts into HTML.
 */
import { escapeHtml } from "../web/render-html.js";
import type { AppManifest } from "./app-manifest.js";

export function renderSetupPage(manifest: AppManifest, createAppUrl: string): string {
  const json = JSON.stringify(manifest);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Set up ${escapeHtml(manifest.name)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}button{font:inherit;padding:.5rem 1rem}code{background:#eee;padding:0 .2rem}</style>
</head><body>
<h1>Setup ${escapeHtml(manifest.name)}</h1>
<p>${escapeHtml(manifest.description ?? "")}</p>
<p>Register the GitHub App on GitHub. GitHub then sends you back here, signalbox writes
<code>APP_ID</code>, <code>PRIVATE_KEY</code> and <code>WEBHOOK_SECRET</code> to <code>.env</code>, and starts.</p>
<p>Webhooks will be sent to <code>${escapeHtml(manifest.hook_attributes.url)}</code>.</p>
<form action="${escapeHtml(createAppUrl)}" method="post">
<button type="submit" name="manifest" id="manifest" value="${escapeHtml(json)}">Register GitHub App</button>
</form>
<p>Or register it by hand with the permissions and events in <code>app.yml</code>, and fill in
<code>.env</code> from <code>.env.example</code>.</p>
</body></html>`;
}
