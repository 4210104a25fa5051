// The compiled JavaScript every command runs, built by esbuild:
// - the `infra` command: src/cli/index.ts (the project's own code and two small packages, INLINE
//   below; every other package stays an external require) into bin/cli/index.js, so a command
//   loads one JavaScript file instead of compiling ~150 TypeScript files through tsx's hooks;
// - the Pulumi programs, every package external, which `pulumi preview` and `pulumi up` run
//   instead of type-checking the sources with Pulumi's ts-node on every run (docs/architecture.md):
//   src/index.ts into bin/program/index.js (through scripts/pulumi-main.js, package.json "main"),
//   artifact/index.ts into bin/artifact/index.js (through artifact/pulumi-main.js, its `main`).
// Type-checking stays `npm run typecheck` (esbuild strips types, it does not check them).
//
//   node scripts/build.js                 build all three now (npm's `prepare` runs it after `npm ci`)
//   require("./build").ensureBuilt()      rebuild the command only when a source file is newer
//                                         (scripts/infra.js, before every command)
//   require("./build").ensureBuilt("program" | "artifact")   the same for a Pulumi program
"use strict";
const { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } = require("node:fs");
const { dirname, join } = require("node:path");

const ROOT = join(__dirname, "..");
const ENTRY = join(ROOT, "src", "cli", "index.ts");
// Same depth below the root as the entry, so the bundle's __dirname-relative paths still hold.
const OUT = join(ROOT, "bin", "cli", "index.js");
/**
 * The Pulumi programs: each reads its files from the working directory Pulumi gives it, never
 * from __dirname, and keeps every package external so it shares the one @pulumi/pulumi that
 * Pulumi's runner (@pulumi/pulumi/cmd/run) loaded before it.
 */
const PROGRAMS = {
  program: { entry: join(ROOT, "src", "index.ts"), out: join(ROOT, "bin", "program", "index.js") },
  artifact: { entry: join(ROOT, "artifact", "index.ts"), out: join(ROOT, "bin", "artifact", "index.js") },
};
/** Files besides src/ whose change changes a bundle. */
const INPUTS = ["package.json", "tsconfig.json", "scripts/build.js", "artifact/index.ts"];

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
  const esbuild = esbuildFor(OUT);
  writeOutputs(esbuild.buildSync({ ...cliOptions(), entryPoints: [ENTRY], outfile: OUT }), dirname(OUT));
  return OUT;
}

function buildProgram(name) {
  const { entry, out } = PROGRAMS[name];
  writeOutputs(
    esbuildFor(out).buildSync({ ...BUNDLE_OPTIONS, entryPoints: [entry], outfile: out }),
    dirname(out),
  );
  return out;
}

/**
 * esbuild, to (re)build `out`; where it is not installed (an install without dev dependencies,
 * say for a deploy), one line saying what to do instead of a module-not-found stack trace — under
 * `pulumi up` too, where this is the first thing the program does.
 */
function esbuildFor(out, load = () => require("esbuild")) {
  try {
    return load();
  } catch (error) {
    if (error?.code !== "MODULE_NOT_FOUND") throw error;
    const message =
      `${out.slice(ROOT.length + 1)} is missing or older than the sources, and esbuild (a dev ` +
      "dependency) is not installed to build it: run `npm ci` with dev dependencies, or build where " +
      "they are installed (`npm run build`) and ship bin/ with the project";
    const refusal = new Error(message);
    refusal.stack = `Error: ${message}`;
    throw refusal;
  }
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

/** The command's bundle (or a Pulumi program's, by name), rebuilt first if any input is newer. */
function ensureBuilt(name = "cli") {
  if (name === "cli") return isFresh(OUT) ? OUT : build();
  if (!(name in PROGRAMS)) throw new Error(`scripts/build.js: no bundle named ${name}`);
  return isFresh(PROGRAMS[name].out) ? PROGRAMS[name].out : buildProgram(name);
}

module.exports = { OUT, BUNDLE_OPTIONS, build, ensureBuilt, esbuildFor, isFresh, writeOutputs };

if (require.main === module) {
  for (const out of [build(), ...Object.keys(PROGRAMS).map(buildProgram)]) {
    console.log(`built ${out.slice(ROOT.length + 1)}`);
  }
}
