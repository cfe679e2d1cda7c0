// ESLint for the site's scripts (`make lint`): src/commentary_build/assets/*.js, and
// overrides/partials/early.js.html, which overrides/main.html inlines into every page's head (named
// .html so that MkDocs does not also publish it as a file). All are classic scripts for every browser
// Material for MkDocs supports: no modules, browser globals, Material's `document$` read from window.
import js from "@eslint/js";
import globals from "globals";

export default [
  js.configs.recommended,
  {
    files: ["**/*.js", "**/*.js.html"],
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
