export * from "./effects.js";
export * from "./state.js";
export * from "./decide-merge.js";
export * from "./decide-tag.js";
export * from "./decide-release.js";
export * from "./decide-promote.js";
export * from "./decide-pause.js";
export { whereEffects } from "./where-comments.js";
export { buildReleasePrs } from "./release-prs.js";
