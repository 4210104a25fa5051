// V8's code cache for the packages a command or a test process loads. Compiling JavaScript is much
// of a command's start-up: loading the Pulumi SDK, the AWS provider, zod and yaml took ~0.77 s,
// ~0.54 s with their compiled code read back from this cache (medians of 5, alternated).
// Node 22 has this built in (module.enableCompileCache); Node 20, which this project supports,
// does not, so CommonJS compilation goes through vm.Script with V8's cachedData here.
//
// What is cached: package files only (node_modules/**), keyed by Node's version, the file's path
// and a hash of its text, so an upgraded package or Node never reads a stale entry (V8 also
// refuses data made by another V8). The project's own bundles are left to Node: they change on
// every build, and under --enable-source-maps Node must see them load to map their stacks.
// A file whose text holds `import(` is left to Node too (TypeScript does, in a message): in Node 20
// a script read back from cachedData loses its dynamic-import callback
// (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING on the second run).
// Set INFRA_COMPILE_CACHE=0 to switch it off.
"use strict";
const Module = require("node:module");
const vm = require("node:vm");
const { createHash } = require("node:crypto");
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require("node:fs");
const { dirname, join } = require("node:path");

const NODE_MODULES = `${"node_modules"}/`;
/**
 * The cache's folder for a package file: in the node_modules folder that holds it (the outermost,
 * where npm ci starts it afresh), found from the file itself because this script may run bundled.
 */
function cacheDir(filename) {
  const root = filename.slice(0, filename.indexOf(NODE_MODULES) + NODE_MODULES.length);
  return join(root, ".cache", "infra-compile", `${process.version}-${process.arch}`);
}
/** Module.wrap's prefix sits on the first line: the column offset keeps stack positions true. */
const WRAPPER_COLUMNS = -Module.wrapper[0].length;

function cacheable(content, filename, format) {
  return (
    (format === undefined || format === "commonjs") &&
    filename.includes(NODE_MODULES) &&
    !content.includes("import(")
  );
}

/** A `require` for `mod` as Node makes it (resolve, resolve.paths, main, extensions, cache). */
function requireFor(mod) {
  const require = (id) => mod.require(id);
  require.resolve = (request, options) => Module._resolveFilename(request, mod, false, options);
  require.resolve.paths = (request) => Module._resolveLookupPaths(request, mod);
  require.main = process.mainModule;
  require.extensions = Module._extensions;
  require.cache = Module._cache;
  return require;
}

/** Files this process read from the cache, and files it compiled (and caches at exit). */
const counts = { read: 0, compiled: 0 };
const stats = () => ({ ...counts });

let installed = false;
function install() {
  if (installed || process.env.INFRA_COMPILE_CACHE === "0") return;
  installed = true;
  const original = Module.prototype._compile;
  /** Scripts compiled without usable cached data: their code is cached when the process exits. */
  const fresh = [];
  Module.prototype._compile = function (content, filename, format) {
    if (!cacheable(content, filename, format)) return original.call(this, content, filename, format);
    const entry = join(
      cacheDir(filename),
      createHash("sha1").update(`${filename}\0${content}`).digest("hex"),
    );
    let cachedData;
    try {
      cachedData = readFileSync(entry);
    } catch {
      // Not cached yet.
    }
    let script;
    try {
      script = new vm.Script(Module.wrap(content), { filename, cachedData, columnOffset: WRAPPER_COLUMNS });
    } catch {
      // Not CommonJS (an ES module Node would load by detection): Node's own path decides.
      return original.call(this, content, filename, format);
    }
    if (cachedData === undefined || script.cachedDataRejected) {
      counts.compiled++;
      fresh.push({ entry, script });
    } else {
      counts.read++;
    }
    const wrapper = script.runInThisContext({ displayErrors: true });
    return wrapper.call(this.exports, this.exports, requireFor(this), this, filename, dirname(filename));
  };
  // At exit, not at load: the data then holds every function the run compiled, not only the top level.
  process.once("exit", () => {
    if (fresh.length === 0) return;
    try {
      for (const { entry, script } of fresh) {
        mkdirSync(dirname(entry), { recursive: true });
        // Written whole, then renamed: another process may be reading the same entry.
        const temporary = `${entry}.${process.pid}.${Math.random().toString(36).slice(2)}`;
        writeFileSync(temporary, script.createCachedData());
        renameSync(temporary, entry);
      }
    } catch {
      // A read-only checkout or a full disk: the next run compiles again, nothing else changes.
    }
  });
}

module.exports = { install, stats };
