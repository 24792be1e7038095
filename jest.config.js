/** Tests run as native ESM through ts-jest; type checking is `npm run typecheck`. */
export default {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  extensionsToTreatAsEsm: [".ts"],
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  transform: { "^.+\\.ts$": ["ts-jest", { useESM: true, diagnostics: false }] },
  testTimeout: 30000,
  // Files that load GitHub's OpenAPI description hold a few hundred MB each; recycle workers
  // before that piles up.
  workerIdleMemoryLimit: "768MB",
};
