/**
 * The release train over HTTP (Bearer API_TOKEN):
 *   POST /api/repos/{owner}/{repo}/releases/{tag}/promote: promote a pre-release (through the
 *        journal like any event, so it is serialised with the repository's other work);
 *   GET  /api/repos/{owner}/{repo}/train: the release head, newest test tag, pre-releases,
 *        latest release and what is in flight.
 */
import type { ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import type { RepoRef } from "../../core/types.js";
import { tagSchemeFor } from "../../core/versions/tag-scheme.js";
import { recordEvent } from "../journal-event.js";
import type { RouteDeps, RouteHandler } from "./route-types.js";
import { decodeSegment, handleApiCall, requireRepo, sendJson } from "./api-call.js";

const PROMOTE = /^\/api\/repos\/([^/]+)\/([^/]+)\/releases\/([^/]+)\/promote\/?$/;
const STATE = /^\/api\/repos\/([^/]+)\/([^/]+)\/train\/?$/;
/** How long a promote call waits for the train to act before answering 202. */
const WAIT_MS = 20_000;

export function trainApiRoutes(deps: RouteDeps): RouteHandler {
  return async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const match = PROMOTE.exec(url.pathname) ?? STATE.exec(url.pathname);
    if (!match) return false;
    const promote = match.length === 4;
    const method = promote ? "POST" : "GET";
    if (req.method !== method) {
      sendJson(res, 405, { error: `use ${method} for ${url.pathname}`, field: "method" }, { allow: method });
      return true;
    }
    await handleApiCall(deps, req, res, url, promote ? "promote" : "read", async (_fields, caller) => {
      const [owner, repo] = [decodeSegment(match[1]!, "owner"), decodeSegment(match[2]!, "repo")];
      requireRepo(caller, { owner, repo }, `${owner}/${repo}`);
      const tag = promote ? decodeSegment(match[3]!, "tag") : "";
      const installationId = await deps.app.findInstallationId(owner, repo);
      if (installationId === null) return sendJson(res, 404, { error: `signalbox is not installed on ${owner}/${repo}`, field: "repository" });
      const ref = { owner, repo, installationId };
      await (promote ? promoteRelease(deps, ref, tag, res) : trainState(deps, ref, res));
    });
    return true;
  };
}

async function promoteRelease(deps: RouteDeps, repo: RepoRef, tag: string, res: ServerResponse): Promise<void> {
  const port = await deps.trains(repo.installationId);
  const release = await port.getReleaseByTag(repo, tag);
  if (!release) return sendJson(res, 404, { error: `there is no release ${tag}`, field: "tag" });
  if (!release.prerelease && !release.draft) return sendJson(res, 200, { tag, promoted: true, detail: `${tag} is already promoted` });
  const id = `api-promote:${randomUUID()}`;
  await recordEvent(deps.store.journal, { id, repo, event: { kind: "promoteRequest", tag, actor: null }, receivedAt: deps.now() });
  deps.wakeWorker();
  const entry = await waitForEntry(deps, id);
  if (!entry) return sendJson(res, 202, { tag, promoted: false, detail: "queued: the train has not finished yet; check the release shortly" });
  const after = await port.getReleaseByTag(repo, tag);
  const promoted = after !== null && !after.prerelease && !after.draft;
  return sendJson(res, promoted ? 200 : 409, { tag, promoted, detail: entry.detail ?? entry.lastError ?? "" });
}

async function waitForEntry(deps: RouteDeps, id: string) {
  const deadline = Date.now() + WAIT_MS;
  while (Date.now() < deadline) {
    const entry = await deps.store.journal.get(id);
    if (entry && entry.state !== "pending" && entry.state !== "in_flight") return entry;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return undefined;
}

async function trainState(deps: RouteDeps, repo: RepoRef, res: ServerResponse): Promise<void> {
  const state = await deps.store.trains.get(repo);
  const port = await deps.trains(repo.installationId);
  const releases = await port.listReleases(repo);
  const config = await deps.loadConfig(repo);
  const scheme = tagSchemeFor((config.errors.length === 0 ? config.config.train?.scheme : undefined) ?? "date");
  const testTags = (await port.listTags(repo, scheme.prefixes.test)).map((t) => t.name).filter(scheme.isTestTag);
  return sendJson(res, 200, {
    releaseHead: state.head,
    newestTestTag: testTags.sort(scheme.compare).at(-1) ?? null,
    preReleases: releases.filter((r) => r.prerelease && !r.draft).map((r) => ({ tag: r.tagName, url: r.url, publishedAt: r.publishedAt })),
    latestRelease: scheme.newestRelease(releases.filter((r) => !r.prerelease && !r.draft).map((r) => r.tagName)),
    inFlight: { pending: state.pending, tagging: state.tagging, blocked: state.blocked, paused: state.paused },
  });
}

