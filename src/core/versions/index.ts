export * from "./date-tags.js";
export * from "./semver-tags.js";
export * from "./tag-scheme.js";
