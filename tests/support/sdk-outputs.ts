/**
 * Outputs as the engine hands them to a program, built with the SDK's own Output constructor (not
 * part of its typed API), and the parts of an Output the tests compare. Shared by the tests of the
 * capture's flat combinators and of the program's derived inputs.
 */
import type * as pulumi from "@pulumi/pulumi";

/* eslint-disable @typescript-eslint/no-require-imports */
export const outputModule = require("@pulumi/pulumi/output") as {
  Output: new (
    resources: Set<object>,
    value: Promise<unknown>,
    isKnown: Promise<boolean>,
    isSecret: Promise<boolean>,
    allResources: Promise<Set<object>>,
  ) => pulumi.Output<unknown>;
  unknown: unknown;
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** What an Output carries beyond its typed API. */
export interface OutputParts {
  resources(): Set<object>;
  allResources(): Promise<Set<object>>;
  promise(withUnknowns?: boolean): Promise<unknown>;
  isKnown: Promise<boolean>;
  isSecret: Promise<boolean>;
}
export const parts = (o: unknown) => o as OutputParts;

/** An Output as a resource's property would be: its own resource, and what the engine said. */
export function made(
  value: unknown,
  { known = true, secret = false, from = {} as object, deep = [] as object[] } = {},
): pulumi.Output<unknown> {
  return new outputModule.Output(
    new Set([from]),
    Promise.resolve(value),
    Promise.resolve(known),
    Promise.resolve(secret),
    Promise.resolve(new Set([from, ...deep])),
  );
}
