// The program Pulumi runs (package.json "main"; Pulumi.yaml sets `typescript: false`): the
// compiled bundle bin/program/index.js, rebuilt first when a source file is newer
// (scripts/build.js), so `pulumi preview` and `pulumi up` start in about a second instead of
// type-checking ~150 files through Pulumi's ts-node (~8 s) on every run. Type-checking is
// `npm run typecheck`, a CI gate; `infra runtime-check` runs this file the way Pulumi does.
"use strict";
module.exports = require(require("./build").ensureBuilt("program"));
