import js from "@eslint/js";
import tseslint from "typescript-eslint";

const OUTSIDE_EFFECTS = "A GitHub write outside src/effects: make it an effect the runner applies.";
/** Every write is an effect the runner applies, with an idempotency key; reads may live in fact adapters. */
const GITHUB_WRITES = [
  {
    selector: "CallExpression[callee.object.object.property.name='rest'][callee.property.name=/^(create|update|delete|merge|add|remove|set|cancel|rerun|upload)/]",
    message: OUTSIDE_EFFECTS,
  },
  { selector: "CallExpression[callee.property.name='request'][arguments.0.value=/^(POST|PATCH|PUT|DELETE) /]", message: OUTSIDE_EFFECTS },
];
const OUTSIDE_SCHEME = "A tag name or prefix outside src/core/versions: ask the tag scheme (tagSchemeFor) for it.";
/** Tag prefixes and formats come from the tag-scheme value objects only. */
const TAG_LITERALS = [
  { selector: "Literal[value=/^(test|release)-([0-9*]|$)/]", message: OUTSIDE_SCHEME },
  { selector: "TemplateElement[value.raw=/^(test|release)-$/]", message: OUTSIDE_SCHEME },
  { selector: "Literal[regex.pattern=/\\^(test|release)-/]", message: OUTSIDE_SCHEME },
];

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "coverage/", ".signalbox/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  { files: ["**/*.cjs"], languageOptions: { sourceType: "commonjs", globals: { module: "writable" } } },
  {
    // Only the effects layer writes to GitHub, and only the tag scheme knows tag names.
    files: ["src/**/*.ts"],
    ignores: ["src/effects/**", "src/core/versions/**"],
    rules: { "no-restricted-syntax": ["error", ...GITHUB_WRITES, ...TAG_LITERALS] },
  },
  { files: ["src/effects/**/*.ts"], rules: { "no-restricted-syntax": ["error", ...TAG_LITERALS] } },
  {
    // Tests and benches patch webhook payloads from @octokit/webhooks-examples, which are loosely typed by nature.
    files: ["test/**/*.ts", "bench/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off", "@typescript-eslint/no-non-null-assertion": "off" },
  },
);
