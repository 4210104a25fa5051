#!/usr/bin/env node
// The `infra` command (package.json "bin"): runs the compiled bundle bin/cli/index.js, rebuilt
// first when a source file is newer (scripts/build.js, ~0.1 s), so a fresh clone or an edit needs
// no manual build step and no command pays tsx's TypeScript hooks. The SDK's function serializer
// dependencies load only if used (scripts/lazy-modules.js). Type-checking is `npm run typecheck`.
// INFRA_TSX=1 runs the TypeScript sources through tsx instead (no bundle).
"use strict";
require("./lazy-modules").install();
if (process.env.INFRA_TSX === "1") {
  require("tsx/cjs");
  void require("../src/cli/index.ts").main();
} else {
  void require(require("./build").ensureBuilt()).main();
}
