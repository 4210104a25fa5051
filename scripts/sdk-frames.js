// Stack frames inside @pulumi/pulumi keep their real JavaScript paths in a Pulumi run, instead of
// the TypeScript paths the SDK's source maps give them. Those maps name their sources one folder
// too high ("../resource.ts" from node_modules/@pulumi/pulumi/ is node_modules/@pulumi/resource.ts,
// a file that does not exist), and Node 20.20 loops when it colours a frame under
// node_modules/@scope/<file> with no further folder — which Pulumi's runner does to every uncaught
// error (util.inspect(err, { colors: true })). An error through the SDK took 15–30 s to print, or
// ran out of memory, instead of at once (docs/architecture.md). The program's own frames are still
// mapped to src/. Installed by the Pulumi entries (scripts/pulumi-main.js, artifact/pulumi-main.js)
// into the source-map-support the SDK's runner registered.
"use strict";
const { dirname, sep } = require("node:path");

const SDK = dirname(require.resolve("@pulumi/pulumi/package.json")) + sep;
/** A source map that maps nothing: the frame keeps its own file, line and column. */
const NO_MAPPINGS = JSON.stringify({ version: 3, sources: [], names: [], mappings: "" });

/** source-map-support's retrieveSourceMap handler: the SDK's files get no mappings. */
function sdkSourceMap(source) {
  return typeof source === "string" && source.startsWith(SDK) ? { url: source, map: NO_MAPPINGS } : null;
}

function install() {
  const support = require(require.resolve("source-map-support", { paths: [SDK] }));
  support.install({ retrieveSourceMap: sdkSourceMap });
}

module.exports = { install };
