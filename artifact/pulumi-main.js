// The artifact project's program as Pulumi runs it (Pulumi.yaml `main`, `typescript: false`): the
// compiled bundle bin/artifact/index.js, rebuilt first when a source file is newer
// (scripts/build.js), as the environments' program is (scripts/pulumi-main.js says why).
// Pulumi runs it from this folder, which artifact/index.ts reads as the project's.
"use strict";
require("../scripts/sdk-frames").install();
module.exports = require(require("../scripts/build").ensureBuilt("artifact"));
