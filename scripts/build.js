// The compiled JavaScript every command runs, built by esbuild:
// - the `infra` command: src/cli/index.ts (the project's own code and two small packages, INLINE
//   below; every other package stays an external require) into bin/cli/index.js, so a command
//   loads one JavaScript file instead of compiling ~150 TypeScript files through tsx's hooks;
// - the Pulumi program: src/index.ts into bin/program/index.js, every package external, which
//   `pulumi preview` and `pulumi up` run through scripts/pulumi-main.js (package.json "main")
//   instead of type-checking the sources with Pulumi's ts-node on every run (docs/architecture.md).
// Type-checking stays `npm run typecheck` (esbuild strips types, it does not check them).
//
//   node scripts/build.js          build both now (npm's `prepare` runs it after `npm ci`)
//   require("./build").ensureBuilt()          rebuild the command only when a source file is
//                                             newer (scripts/infra.js, before every command)
//   require("./build").ensureProgramBuilt()   the same for the program (scripts/pulumi-main.js)
"use strict";
const { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } = require("node:fs");
const { dirname, join } = require("node:path");

const ROOT = join(__dirname, "..");
const ENTRY = join(ROOT, "src", "cli", "index.ts");
// Same depth below the root as the entry, so the bundle's __dirname-relative paths still hold.
const OUT = join(ROOT, "bin", "cli", "index.js");
// The program reads its files from the working directory Pulumi gives it, never from __dirname.
const PROGRAM_ENTRY = join(ROOT, "src", "index.ts");
const PROGRAM_OUT = join(ROOT, "bin", "program", "index.js");
/** Files besides src/ whose change changes the bundle. */
const INPUTS = ["package.json", "tsconfig.json", "scripts/build.js"];

/** The newest modification time among the bundle's inputs (src/**, package.json, tsconfig). */
function newestInput() {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      // Not path.join: normalising each of ~170 paths was most of the walk's ~8 ms, on every command.
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|json)$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  walk(join(ROOT, "src"));
  for (const file of INPUTS) newest = Math.max(newest, statSync(join(ROOT, file)).mtimeMs);
  return newest;
}

function isFresh(out = OUT) {
  return existsSync(out) && statSync(out).mtimeMs >= newestInput();
}

/**
 * Bundles in memory for the bundle's own path (so the map's sources are relative to bin/cli/ and
 * point into src/), then writes it into place (writeOutputs).
 */
function build() {
  const esbuild = require("esbuild");
  writeOutputs(esbuild.buildSync({ ...cliOptions(), entryPoints: [ENTRY], outfile: OUT }), dirname(OUT));
  return OUT;
}

/**
 * The program as Pulumi runs it: every package an external require, so it shares the one
 * @pulumi/pulumi that Pulumi's runner (@pulumi/pulumi/cmd/run) loaded before it.
 */
function buildProgram() {
  const esbuild = require("esbuild");
  const result = esbuild.buildSync({ ...BUNDLE_OPTIONS, entryPoints: [PROGRAM_ENTRY], outfile: PROGRAM_OUT });
  writeOutputs(result, dirname(PROGRAM_OUT));
  return PROGRAM_OUT;
}

/**
 * Packages the command carries inside its bundle: small ones `infra diff` needs. Node resolves,
 * reads and compiles a required package file by file (commander is 6 files, diff 21); inside the
 * bundle they cost one parse (commander loaded in ~11 ms instead of ~27). Not yaml: diff no longer
 * loads it (src/reports/cost/usage.ts), and its 260 KB inside the bundle cost every command ~10 ms
 * of parsing. The large packages (the Pulumi SDK, zod, prettier) stay external too.
 */
const INLINE = ["commander", "diff"];

/**
 * The bundle options for the command: BUNDLE_OPTIONS with INLINE inside and every other installed
 * package outside (esbuild's `packages: "external"` has no exceptions, and buildSync no plugins).
 */
function cliOptions() {
  const modules = join(ROOT, "node_modules");
  const installed = readdirSync(modules).flatMap((name) =>
    name.startsWith("@") ? readdirSync(join(modules, name)).map((scoped) => `${name}/${scoped}`) : [name],
  );
  const external = installed
    .filter((name) => !name.startsWith(".") && !INLINE.includes(name))
    .flatMap((name) => [name, `${name}/*`]);
  const options = { ...BUNDLE_OPTIONS, external };
  delete options.packages;
  return options;
}

/**
 * How the project's code is bundled, for the command and for the tests (scripts/test.js): Node 20
 * CommonJS, every package an external require, a separate map (node --enable-source-maps reads it;
 * an inline one doubles what is parsed), written by writeOutputs.
 */
const BUNDLE_OPTIONS = {
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  packages: "external",
  sourcemap: "linked",
  logLevel: "error",
  write: false,
};

/**
 * Writes a build's files, each beside its final name and then renamed: two builds at once never
 * load half a file. The map first, so a bundle never names a map that is not there yet.
 */
function writeOutputs(result, dir) {
  mkdirSync(dir, { recursive: true });
  for (const file of [...result.outputFiles].sort((a) => (a.path.endsWith(".map") ? -1 : 1))) {
    const tmp = `${file.path}.${process.pid}.tmp`;
    writeFileSync(tmp, file.contents);
    renameSync(tmp, file.path);
  }
}

/** The command's bundle, rebuilt first if any input is newer. */
function ensureBuilt() {
  return isFresh(OUT) ? OUT : build();
}

/** The program's bundle, rebuilt first if any input is newer. */
function ensureProgramBuilt() {
  return isFresh(PROGRAM_OUT) ? PROGRAM_OUT : buildProgram();
}

module.exports = {
  OUT,
  PROGRAM_OUT,
  BUNDLE_OPTIONS,
  build,
  ensureBuilt,
  ensureProgramBuilt,
  isFresh,
  writeOutputs,
};

if (require.main === module) {
  for (const out of [build(), buildProgram()]) console.log(`built ${out.slice(ROOT.length + 1)}`);
}
