/** The pure pipeline scheduler (GitLab CI semantics); see plan-pipeline.ts. */
export { planPipeline } from "./plan-pipeline.js";
export { planResourceGroups, type ResourceGroupRequest } from "./plan-resource-groups.js";
export { jobsInStageOrder } from "./build-pipeline-graph.js";
export {
  JOB_STATUSES,
  type JobRow,
  type JobStatus,
  type PipelineResult,
  type ScheduleStep,
  type SchedulerInput,
  type SkippedJob,
} from "./types.js";
