/**
 * Gating: every result signalbox sees is stored; the gate check runs (`signalbox/gate:<context>`)
 * of the commit it concerns are re-evaluated; `/waive` and `/unwaive` record waivers.
 */
import { matchGlob } from "../core/glob/match-glob.js";
import type { ConfigResult } from "../config/parse-config.js";
import type { GatePolicy } from "../config/schema.js";
import {
  decideGate,
  decideWaive,
  parseWaiveCommand,
  renderGateCheck,
  WAIVE_ACTION,
  type Decision,
  type NewResult,
} from "../core/gates/index.js";
import { decideCommentHead } from "../core/runs/decide-comment-head.js";
import type { WaiveButtonEvent, WaiveCommentEvent } from "../core/gates/events.js";
import type { RepoRef } from "../core/types.js";
import type { GitHubPort } from "../effects/github-port.js";
import type { EffectsRunner } from "../effects/runner.js";
import type { MetricsObserver } from "../metrics/metrics.js";
import type { Store } from "../store/store.js";
import { gatherCommentFacts } from "./comment-facts.js";

export interface GateDeps {
  port: GitHubPort;
  runner: EffectsRunner;
  store: Store;
  config: ConfigResult;
  now: Date;
  /** Idempotency prefix for the effects (the journal entry id). */
  source: string;
  metrics?: MetricsObserver;
}

export function gatesOf(config: ConfigResult): Record<string, GatePolicy> {
  return config.errors.length === 0 ? config.config.gates ?? {} : {};
}

/** Stores the result and re-evaluates the gates whose requirements it could concern. */
export async function recordResult(repo: RepoRef, result: NewResult, deps: GateDeps): Promise<string> {
  await deps.store.results.record(repo, result, deps.now);
  await reevaluateGates(repo, result.testcase, result.item, deps);
  return `recorded ${result.testcase}=${result.outcome} on ${result.item.slice(0, 7)}`;
}

/** Re-evaluates the gate check runs on `item` whose requirements match `testcase`. */
export async function reevaluateGates(repo: RepoRef, testcase: string, item: string, deps: GateDeps): Promise<void> {
  const contexts = Object.entries(gatesOf(deps.config)).filter(([, p]) => p.require.some((glob) => matchGlob(testcase, glob)));
  await updateGateChecks(repo, item, contexts, deps);
}

/** How many of the newest results name the items whose gate check runs a config change re-decides. */
const RECENT_RESULTS = 500;

/**
 * The gates changed: decide again the gate check runs of the items results were recently reported
 * for (a gate check run exists only where a result arrived), each context a result of it concerns.
 * The runner writes only the check runs whose verdict changed.
 */
export async function reevaluateRecentGates(repo: RepoRef, deps: GateDeps): Promise<number> {
  const recent = await deps.store.results.query({ repo, limit: RECENT_RESULTS });
  const items = [...new Set(recent.map((r) => r.item))];
  for (const item of items) {
    const testcases = [...new Set(recent.filter((r) => r.item === item).map((r) => r.testcase))];
    const contexts = Object.entries(gatesOf(deps.config)).filter(([, p]) => p.require.some((glob) => testcases.some((t) => matchGlob(t, glob))));
    await updateGateChecks(repo, item, contexts, { ...deps, source: `${deps.source}:${item}` });
  }
  return items.length;
}

/**
 * The train's view of a gate context on a commit: passed, failed, or null while results are
 * missing or running (the train keeps waiting; a later result re-evaluates it).
 */
export async function gateOutcome(repo: RepoRef, context: string, item: string, deps: Pick<GateDeps, "store" | "now" | "config"> & { port?: GitHubPort }) {
  const policy = gatesOf(deps.config)[context];
  if (!policy) return null;
  const decision = await decideContext(repo, context, policy, item, deps);
  const blocking = decision.unsatisfied_requirements.map((r) => r.type);
  const waiting = blocking.length > 0 && blocking.every((type) => type === "test-result-missing" || type === "test-result-running");
  if (waiting) return null;
  return { name: `gates.${context}`, passed: decision.satisfied, summary: decision.summary };
}

/** The decision of one context on an item now; with `port`, its window is judged on the commit's date. */
export async function decideContext(repo: RepoRef, context: string, policy: GatePolicy, item: string, deps: Pick<GateDeps, "store" | "now"> & { port?: GitHubPort }): Promise<Decision> {
  const [results, waivers] = await Promise.all([deps.store.results.forItem(repo, item), deps.store.waivers.forItem(repo, item)]);
  const windowed = policy.valid_since !== undefined || policy.valid_until !== undefined;
  const itemTime = windowed ? await itemTimeOf(repo, item, results, deps.port) : undefined;
  return decideGate(policy, results, waivers, item, deps.now, context, itemTime);
}

/** When the item was made: the commit's date, or for an item GitHub does not know, its first result. */
async function itemTimeOf(repo: RepoRef, item: string, results: Array<{ createdAt: Date }>, port: GitHubPort | undefined): Promise<Date | undefined> {
  const committed = port && /^[0-9a-f]{40}$/i.test(item) ? await port.getCommitDate(repo, item) : null;
  return committed ?? results[0]?.createdAt;
}

async function updateGateChecks(repo: RepoRef, item: string, contexts: Array<[string, GatePolicy]>, deps: GateDeps): Promise<void> {
  const waivers = await deps.store.waivers.forItem(repo, item);
  const effects = [];
  for (const [context, policy] of contexts) {
    const check = renderGateCheck(context, await decideContext(repo, context, policy, item, deps), waivers, deps.now);
    deps.metrics?.gateDecided(check.conclusion === "success" ? "passed" : check.conclusion === "failure" ? "failed" : "pending");
    effects.push({
      kind: "upsertCheckRun" as const,
      repo,
      name: check.name,
      headSha: item,
      status: check.status,
      ...(check.conclusion ? { conclusion: check.conclusion } : {}),
      title: check.title,
      summary: check.summary,
      // A button cannot carry a reason: pressing it answers with the /waive command to complete.
      actions: check.conclusion === "failure" ? [{ identifier: WAIVE_ACTION, label: "Waive", description: "Get the /waive command to complete" }] : [],
    });
  }
  await deps.runner.applyAll(`${deps.source}:gates`, effects);
}

/**
 * `/waive` and `/unwaive` on a pull request: scoped to its head commit, the one the commenter
 * looked at (refused when the head moved after the comment), once per comment id.
 */
export async function processWaiveComment(event: WaiveCommentEvent, repo: RepoRef, deps: GateDeps): Promise<string | null> {
  const command = parseWaiveCommand(event.body);
  if (!command || !event.onPullRequest) return null;
  // An edited comment is not a new command: the command was read when it was written.
  if (event.action !== "created") return `waive: comment ${event.action}, not a new command`;
  const reply = (body: string) => deps.runner.applyAll(`${deps.source}:waive`, [{ kind: "comment", repo, issueNumber: event.issueNumber, body }]);
  const pull = await deps.port.getPullRequest(repo, event.issueNumber);
  if (!pull) return "waive: pull request not found";
  const comment = { repo, prNumber: pull.number, commentId: event.commentId, headSha: pull.headSha };
  const { handledBefore, headPushedAt } = await gatherCommentFacts(deps.store, deps.port, comment, { id: deps.source, receivedAt: deps.now });
  if (handledBefore) return `waive: comment ${comment.commentId} handled already`;
  if (command.kind === "usage") {
    await reply(command.error);
    return "waive: usage error";
  }
  const sender = event.sender;
  const gates = gatesOf(deps.config);
  const [results, waivers, permission] = await Promise.all([
    deps.store.results.forItem(repo, pull.headSha),
    deps.store.waivers.forItem(repo, pull.headSha),
    deps.port.getPermission(repo, sender),
  ]);
  const decided = decideWaive({ command, sender, permission: permission as never, item: pull.headSha, contexts: Object.keys(gates), results, waivers, now: deps.now });
  const moved = decided.kind === "refuse" ? null : decideCommentHead({ command: command.kind, commentedAt: new Date(event.commentedAt), headSha: pull.headSha, headPushedAt });
  const decision = moved ? { kind: "refuse" as const, reason: moved.reason, reply: `@${sender} ${moved.reply}` } : decided;
  if (decision.kind === "add") await deps.store.waivers.add(repo, decision.waiver);
  if (decision.kind === "revoke") await deps.store.waivers.revoke(repo, decision.testcase, decision.item, decision.context, decision.by, deps.now);
  await reply(decision.reply);
  if (decision.kind !== "refuse") await updateGateChecks(repo, pull.headSha, Object.entries(gates), deps);
  return decision.kind === "refuse" ? `waive refused: ${decision.reason}` : `${command.kind} ${command.testcase} on ${pull.headSha.slice(0, 7)}`;
}

/** The Waive button on a failed gate check run: comment the `/waive` commands to complete on its PRs. */
export async function processWaiveButton(event: WaiveButtonEvent, repo: RepoRef, deps: GateDeps): Promise<string | null> {
  if (event.action !== "requested_action" || !event.checkName.startsWith("signalbox/gate:")) return null;
  const context = event.checkName.slice("signalbox/gate:".length);
  const policy = gatesOf(deps.config)[context];
  if (!policy) return `no gate ${context}`;
  const decision = await decideContext(repo, context, policy, event.headSha, deps);
  const failed = decision.unsatisfied_requirements.filter((r) => r.type === "test-result-failed" || r.type === "test-result-errored");
  const commands = failed.map((r) => `/waive ${r.testcase} <reason> --context ${context}`).join("\n");
  const body = `@${event.sender} to waive, comment (write permission; replace \`<reason>\`):\n\n\`\`\`\n${commands || "(nothing failed)"}\n\`\`\``;
  const pulls = await deps.port.openPullsForCommit(repo, event.headSha);
  await deps.runner.applyAll(`${deps.source}:waive-button`, pulls.map((issueNumber) => ({ kind: "comment" as const, repo, issueNumber, body })));
  return pulls.length ? `waive commands posted on ${pulls.map((n) => `#${n}`).join(", ")}` : "waive button: no open pull request has this commit";
}
