// ESLint for the page's own script (idlibmap/render/assets/idlibmap.js): ES5 in a browser, Leaflet as `L`.
import js from "@eslint/js";

export default [
  js.configs.recommended,
  {
    files: ["idlibmap/render/assets/*.js"],
    languageOptions: {
      ecmaVersion: 5,
      sourceType: "script",
      globals: {
        window: "readonly", document: "readonly", navigator: "readonly", location: "readonly", URL: "readonly",
        setTimeout: "readonly", clearTimeout: "readonly", setInterval: "readonly", clearInterval: "readonly",
        requestAnimationFrame: "readonly",
        getComputedStyle: "readonly", matchMedia: "readonly", console: "readonly", L: "readonly",
      },
    },
    rules: {
      "no-unused-vars": ["error", { caughtErrors: "none" }],
    },
  },
];
