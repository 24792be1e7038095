import js from "@eslint/js";
import tseslint from "typescript-eslint";

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
    // Only the effects layer writes to GitHub: every write is an effect its runner applies, with an
    // idempotency key. Reads may live in the adapters that gather facts.
    files: ["src/**/*.ts"],
    ignores: ["src/effects/**"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.object.object.property.name='rest'][callee.property.name=/^(create|update|delete|merge|add|remove|set|cancel|rerun|upload)/]",
          message: "A GitHub write outside src/effects: make it an effect the runner applies.",
        },
        {
          selector: "CallExpression[callee.property.name='request'][arguments.0.value=/^(POST|PATCH|PUT|DELETE) /]",
          message: "A GitHub write outside src/effects: make it an effect the runner applies.",
        },
      ],
    },
  },
  {
    // Tests and benches patch webhook payloads from @octokit/webhooks-examples, which are loosely typed by nature.
    files: ["test/**/*.ts", "bench/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off", "@typescript-eslint/no-non-null-assertion": "off" },
  },
);
