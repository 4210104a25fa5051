/**
 * Two SDK internals the offline plan needs, typed in one place. Both exist in @pulumi/pulumi's
 * JavaScript but are stripped from its typings as @internal:
 * - waitForRPCs: resolves once every registration in flight has reached the monitor, so a
 *   capture is complete before it is read;
 * - the runtime store: `setMocks` turns on secret and resource-reference support there, and a
 *   capture that installs its own monitor with `setMockOptions` must do the same.
 * The stack tests fail if either disappears in an SDK upgrade.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };
const state = require("@pulumi/pulumi/runtime/state") as { getStore(): Record<string, unknown> };

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
