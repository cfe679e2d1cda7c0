// ESLint for the site's scripts (`make lint`). They are classic scripts loaded by Material for MkDocs
// (extra_javascript), written for every browser Material supports: no modules, browser globals,
// Material's `document$` observable read from window.
import js from "@eslint/js";
import globals from "globals";

export default [
  js.configs.recommended,
  {
    files: ["**/*.js"],
    languageOptions: {
      ecmaVersion: 2020,
      sourceType: "script",
      globals: { ...globals.browser },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // A script's own names stay inside its function: two scripts on one page must not collide.
      "no-implicit-globals": "error",
      "no-shadow": "error",
      "eqeqeq": ["error", "always", { null: "ignore" }],
      "no-unused-vars": ["error", { args: "after-used", caughtErrors: "none" }],
    },
  },
];
