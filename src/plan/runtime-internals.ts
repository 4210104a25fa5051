/**
 * The SDK internals the offline plan needs, typed in one place. All exist in @pulumi/pulumi's
 * JavaScript but are stripped from its typings as @internal:
 * - waitForRPCs: resolves once every registration in flight has reached the monitor, so a
 *   capture is complete before it is read;
 * - the runtime store: `setMocks` turns on secret and resource-reference support there, and a
 *   capture that installs its own monitor with `setMockOptions` must do the same.
 * - debuggablePromise and Resource.callsites: see `skipStackCapture`.
 * The stack tests fail if any of them disappears in an SDK upgrade.
 */
import * as pulumi from "@pulumi/pulumi";

/* eslint-disable @typescript-eslint/no-require-imports */
const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };
const state = require("@pulumi/pulumi/runtime/state") as { getStore(): Record<string, unknown> };
const debuggable = require("@pulumi/pulumi/runtime/debuggable") as {
  debuggablePromise: (promise: Promise<unknown>, context: unknown) => Promise<unknown>;
};

/** Resource.callsites is public but its replacement is not part of the typed API. */
const resourceClass = pulumi.Resource as unknown as { callsites: () => unknown[] };

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

let stackCaptureSkipped = false;

/**
 * Two kinds of bookkeeping a real `pulumi preview` needs and an offline capture does not, and
 * which together were most of a capture's time (prod: ~155 ms → ~70 ms per evaluation):
 * - `debuggablePromise`: the SDK wraps every promise it makes, recording `new Error().stack`
 *   and tracking it in a set for a leak report printed when the language host exits. The
 *   capture is not that host: it waits for every registration itself (`waitForRPCs`), so the
 *   wrapper becomes the identity.
 * - `Resource.callsites`: every resource records the full, source-mapped stack of its
 *   construction so the engine can show where it was declared. The plan file never contains
 *   source positions, so the capture records none.
 * Errors keep their full stacks. The SDK calls both through their module's exports / class, so
 * replacing them reaches every caller. Applies to the floor of `npm run bench` alike.
 */
export function skipStackCapture(): void {
  if (stackCaptureSkipped) return;
  if (typeof debuggable.debuggablePromise !== "function" || typeof resourceClass.callsites !== "function") {
    throw new Error(
      "@pulumi/pulumi no longer has runtime/debuggable's debuggablePromise or Resource.callsites",
    );
  }
  debuggable.debuggablePromise = (promise) => promise;
  resourceClass.callsites = () => [];
  stackCaptureSkipped = true;
}
