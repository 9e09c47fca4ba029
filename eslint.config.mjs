import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "data/**", "node_modules/**", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Promises nobody awaits are how a listener or task crashes the process: every one must be handled.
    files: ["**/*.ts"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
    },
  },
  {
    // One query path (README): cogs call a controller's named methods; BaseController's generic ones are the
    // toolkit controllers are built from.
    files: ["src/cogs/**/*.ts", "src/bot/**/*.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector:
            "CallExpression[callee.property.name=/^(getById|getByIdOrFail|findOne|findMany|count|exists|create|createMany|updateById|updateWhere|deleteById|deleteWhere|upsert|getOrCreate|paginate|paginateCursor|bulkUpdate|bulkDelete|transaction)$/][callee.object.type='MemberExpression'][callee.object.object.type='ThisExpression']",
          message:
            "Cogs call a controller's named methods, not BaseController's generic ones (README: one query path).",
        },
      ],
    },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    languageOptions: { globals: { require: "readonly", module: "writable", __dirname: "readonly" } },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // The dashboard's scripts run in the browser.
    files: ["src/dashboard/public/**/*.js"],
    languageOptions: { globals: { window: "readonly", document: "readonly" } },
  },
);
