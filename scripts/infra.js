#!/usr/bin/env node
// The `infra` command (package.json "bin"): runs src/cli/index.ts through tsx's loader, so a
// fresh clone needs no build step. Type-checking is `npm run typecheck`, kept separate.
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS launcher: the loader must be registered before the TypeScript entry is required. */
require("tsx/cjs");
void require("../src/cli/index.ts").main();
