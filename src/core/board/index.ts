export { parseBuildMappings, shortNameOf, type BuildMapping } from "./build-mappings.js";
export { mergeStatuses, DISPLAY_STATUSES, type DisplayStatus } from "./merge-statuses.js";
export { displayRevisions, displayBuilds, SHORT_HASH_LENGTH, type DisplayBuild, type DisplayRevision, type DisplayOptions } from "./display-revisions.js";
export { averageBuildTimes, releasePoints, type BuildTime, type Release, type ReleasePoint } from "./board-stats.js";
export { boardSettingsOf, decideBoardSettings, type BoardSettings } from "./board-settings.js";
