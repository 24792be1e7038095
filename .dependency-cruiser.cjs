/**
 * The layering `npm run lint` enforces (docs/architecture.md): no import cycles in src/, a pure
 * core that reaches no adapter, and GitHub clients only where effects are applied.
 */

module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      comment: "An import cycle in src/: break it (move the shared part down a layer).",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "core-is-pure",
      comment: "src/core decides; it must not reach the store, effects, web, intake or app.",
      severity: "error",
      from: { path: "^src/core/" },
      to: { path: "^src/(store|effects|web|intake|app)/|^src/(app|main)\\.ts$" },
    },
    {
      name: "github-clients-in-effects",
      comment: "Only src/effects talks to GitHub; wiring (src/app.ts, src/main.ts, intake's Octokit class) builds the clients.",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/(effects/|app\\.ts$|main\\.ts$|intake/github/signalbox-octokit\\.ts$|intake/reconcile-wiring\\.ts$)" },
      to: { path: "node_modules/(probot|@octokit)/" },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(dist|node_modules)/" },
  },
};
