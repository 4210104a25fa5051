// The program Pulumi runs (package.json "main"; Pulumi.yaml sets `typescript: false`): the
// compiled bundle bin/program/index.js, rebuilt first when a source file is newer
// (scripts/build.js), so a cold `pulumi preview` or `pulumi up` runs the program in ~2.5 s, not
// ~8 s of type-checking ~150 files through Pulumi's ts-node on every run. Type-checking is
// `npm run typecheck`, a CI gate; `infra runtime-check` runs this file the way Pulumi does.
// The SDK's own stack frames keep their JavaScript paths (scripts/sdk-frames.js says why).
"use strict";
require("./sdk-frames").install();
module.exports = require(require("./build").ensureBuilt("program"));
