/**
 * Keeps the Pulumi SDK off the stack suites' thread. Loading the SDK and the AWS provider costs
 * ~0.7 s of CPU per thread, and the capture worker (tests/support/capture-worker.ts) already pays
 * it; the suites read plans, which are plain data. scripts/test.js calls this before the suites
 * load, so a suite that reaches the SDK, through any chain of imports, fails saying where.
 */
import Module from "node:module";

const SDK = /^@pulumi\/(pulumi|aws|random)(\/|$)/;
// Plain data modules of the AWS provider (its enums) load nothing else and are allowed.
const DATA = /^@pulumi\/aws\/types\/enums(\/|$)/;

type Load = (request: string, parent?: { filename?: string }, ...rest: unknown[]) => unknown;

export function forbidSdkOnThisThread(): void {
  const loader = Module as unknown as { _load: Load };
  const original = loader._load;
  loader._load = function (this: unknown, request, parent, ...rest) {
    // Whoever asks, a suite or a package it loads (a package that loads the SDK costs the same).
    if (SDK.test(request) && !DATA.test(request)) {
      throw new Error(
        `the stack suites' thread must not load ${request} (from ${parent?.filename ?? "?"}): ` +
          "capture in the worker (tests/support/plans.ts; a program of its own goes in tests/support/worker-programs.ts), " +
          "or import the plain module that holds what the suite needs",
      );
    }
    return original.call(this, request, parent, ...rest);
  };
}
