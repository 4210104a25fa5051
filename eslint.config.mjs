// Flat config: typescript-eslint's recommended rules over src/, tests/ and bench/.
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "bin/"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "no-console": "off",
      eqeqeq: "error",
    },
  },
  {
    // The launcher and build scripts are plain CommonJS run by node before any TypeScript exists.
    files: ["scripts/**/*.js", "artifact/*.js"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
