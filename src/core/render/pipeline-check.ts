/**
 * Renders a pipeline run as its `signalbox/<pipeline>` check run: a title a reviewer can read at
 * a glance, a table of stages and jobs, and buttons for what can be done next.
 */
import { jobsInStageOrder } from "../pipeline/build-pipeline-graph.js";
import type { Pipeline } from "../pipeline/types.js";
import type { JobRun, PipelineRun } from "../runs/types.js";
import type { CheckAction, CheckConclusion, UpsertCheckRunEffect } from "../types.js";
import { escapeCell } from "./markdown.js";

const ICONS: Record<JobRun["status"], string> = {
  created: "⏳ waiting",
  manual: "▶️ manual",
  running: "🔄 running",
  success: "✅ passed",
  failed: "❌ failed",
  canceled: "⛔ cancelled",
  skipped: "⏭️ skipped",
  timed_out: "⌛ timed out",
};

/** GitHub allows three buttons per check run. */
const MAX_ACTIONS = 3;

export function pipelineCheckName(pipeline: string): string {
  return `signalbox/${pipeline}`;
}

export function renderPipelineCheck(run: PipelineRun, pipeline: Pipeline): UpsertCheckRunEffect {
  const done = run.status !== "running";
  return {
    kind: "upsertCheckRun",
    repo: run.repo,
    name: pipelineCheckName(run.pipeline),
    headSha: run.sha,
    status: done ? "completed" : "in_progress",
    ...(done ? { conclusion: conclusionOf(run) } : {}),
    title: titleOf(run),
    summary: summaryOf(run, pipeline),
    actions: actionsOf(run),
  };
}

function conclusionOf(run: PipelineRun): CheckConclusion {
  if (run.status === "success") return "success";
  if (run.status === "canceled") return "cancelled";
  if (run.status === "manual") return "neutral";
  return Object.values(run.jobs).some((job) => job.status === "timed_out") ? "timed_out" : "failure";
}

function titleOf(run: PipelineRun): string {
  const jobs = Object.entries(run.jobs);
  const names = (status: JobRun["status"][]) => jobs.filter(([, j]) => status.includes(j.status)).map(([n]) => n);
  const passed = names(["success"]).length;
  switch (run.status) {
    case "running":
      return `Running: ${names(["running"]).join(", ") || "starting"} (${passed} of ${jobs.length} passed)`;
    case "success":
      return `Passed: ${passed} of ${jobs.length} jobs`;
    case "canceled":
      return "Cancelled";
    case "manual":
      return `Waiting for a manual job: ${names(["manual"]).join(", ")}`;
    case "failed":
      return `Failed: ${names(["failed", "timed_out"]).join(", ")}`;
  }
}

function summaryOf(run: PipelineRun, pipeline: Pipeline): string {
  const rows = jobsInStageOrder(pipeline).map(({ stage, job }) => {
    const state = run.jobs[job] ?? { status: "created" };
    const link = state.url && /^https?:\/\//.test(state.url) ? `[log](${state.url})` : "";
    const note = [link, escapeCell(state.reason ?? "")].filter(Boolean).join(" · ");
    return `| ${escapeCell(stage)} | \`${escapeCell(job)}\` | ${ICONS[state.status]} | ${durationOf(state)} | ${note} |`;
  });
  const trigger = run.trigger.prNumber ? ` for pull request #${run.trigger.prNumber}` : "";
  return [
    `Pipeline \`${run.pipeline}\` on \`${run.sha.slice(0, 7)}\`${trigger}, attempt ${run.attempt}.`,
    "",
    "| Stage | Job | State | Duration | Details |",
    "| --- | --- | --- | ---: | --- |",
    ...rows,
  ].join("\n");
}

function actionsOf(run: PipelineRun): CheckAction[] {
  const actions: CheckAction[] = [];
  if (run.status === "failed") actions.push({ identifier: "rerun-failed", label: "Re-run failed", description: "Run the failed jobs again" });
  if (run.status === "running") actions.push({ identifier: "cancel", label: "Cancel", description: "Cancel this pipeline run" });
  const manual = Object.entries(run.jobs).filter(([, job]) => job.status === "manual").map(([name]) => name);
  for (const job of manual) {
    if (actions.length >= MAX_ACTIONS) break;
    // Identifiers are capped at 20 characters; longer names are started with `/run <job>`.
    if (`run:${job}`.length <= 20) actions.push({ identifier: `run:${job}`, label: `Run ${job}`.slice(0, 20), description: `Start the manual job ${job}`.slice(0, 40) });
  }
  return actions;
}

function durationOf(job: JobRun): string {
  if (!job.startedAt || !job.finishedAt) return "";
  const seconds = Math.round((Date.parse(job.finishedAt) - Date.parse(job.startedAt)) / 1000);
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m ${seconds % 60}s`;
}
