/**
 * Three SDK internals the offline plan needs, typed in one place. All exist in @pulumi/pulumi's
 * JavaScript but are stripped from its typings as @internal:
 * - waitForRPCs: resolves once every registration in flight has reached the monitor, so a
 *   capture is complete before it is read;
 * - the runtime store: `setMocks` turns on secret and resource-reference support there, and a
 *   capture that installs its own monitor with `setMockOptions` must do the same.
 * - debuggablePromise: see `skipPromiseStackTraces`.
 * The stack tests fail if any of them disappears in an SDK upgrade.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };
const state = require("@pulumi/pulumi/runtime/state") as { getStore(): Record<string, unknown> };
const debuggable = require("@pulumi/pulumi/runtime/debuggable") as {
  debuggablePromise: (promise: Promise<unknown>, context: unknown) => Promise<unknown>;
};

export const waitForRPCs = (): Promise<void> => settings.waitForRPCs();

export function enableMockFeatures(): void {
  Object.assign(state.getStore(), {
    supportsSecrets: true,
    supportsResourceReferences: true,
    supportsOutputValues: false,
    supportsDeletedWith: true,
    supportsAliasSpecs: true,
  });
}

let promiseStackTracesSkipped = false;

/**
 * The SDK wraps every promise it makes in `debuggablePromise`, which records `new Error().stack`
 * for a leak report that only PULUMI_DEBUG_PROMISE_LEAKS ever prints. Formatting those traces
 * was 80% of an offline capture's time (prod: ~335 ms → ~60 ms without). This keeps the wrapper
 * and its leak tracking and only makes its trace empty; every other error keeps its full stack.
 * The SDK calls the function through its module's exports, so replacing the export reaches
 * every caller.
 */
export function skipPromiseStackTraces(): void {
  if (promiseStackTracesSkipped) return;
  const original = debuggable.debuggablePromise;
  if (typeof original !== "function") throw new Error("@pulumi/pulumi no longer has runtime/debuggable");
  debuggable.debuggablePromise = (promise, context) => {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      return original(promise, context);
    } finally {
      Error.stackTraceLimit = limit;
    }
  };
  promiseStackTracesSkipped = true;
}
