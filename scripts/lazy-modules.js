// Keeps two of the Pulumi SDK's heaviest modules out of a command's start-up. Its function
// serializer (runtime/closure) requires npm's arborist (~400 modules) and the TypeScript compiler
// at load time, but only calls them to serialize a function for a dynamic provider or a
// callback, which this program never does. Each such require from inside @pulumi/pulumi gets a
// stand-in that loads the real module on first use, so nothing changes if the SDK ever needs one.
"use strict";
const Module = require("node:module");

const LAZY = new Set(["@npmcli/arborist", "typescript"]);

function lazy(load) {
  let real;
  const get = () => (real ??= load());
  return new Proxy(
    {},
    {
      // `__esModule` lets TypeScript's __importStar hand the stand-in through without copying
      // (and so loading) every export.
      get: (_, key) => (key === "__esModule" ? true : Reflect.get(get(), key)),
      has: (_, key) => Reflect.has(get(), key),
      ownKeys: () => Reflect.ownKeys(get()),
      getOwnPropertyDescriptor: (_, key) => {
        const d = Reflect.getOwnPropertyDescriptor(get(), key);
        return d && { ...d, configurable: true };
      },
    },
  );
}

/** Also reads compiled package code from V8's code cache (scripts/compile-cache.js). */
function install() {
  require("./compile-cache").install();
  const original = Module._load;
  Module._load = function (request, parent, isMain) {
    if (LAZY.has(request) && parent?.filename?.includes(`${"node_modules"}/@pulumi/pulumi/`)) {
      return lazy(() => original.call(this, request, parent, isMain));
    }
    return original.call(this, request, parent, isMain);
  };
}

module.exports = { install };
