/**
 * What the subcommands share: which stacks a command was asked for, and which errors are the
 * user's to fix (reported by message alone, no stack trace).
 */
import type * as Pulumi from "@pulumi/pulumi";
import { ConfigError } from "../config/errors";
import { listStacks, StackFileError } from "../config/stack-files";
import { ProgramFailure } from "../plan/program-failure";
import { UsageError } from "./io";

/**
 * The stacks a command was asked for: every stack file's with `--all`, else the names given,
 * each of which must have a `Pulumi.<stack>.yaml`.
 */
export function selectStacks(dir: string, all: boolean | undefined, names: readonly string[]): string[] {
  const known = listStacks(dir);
  const stacks = all ? known : [...names];
  if (stacks.length === 0) {
    throw new UsageError(`no stack given; name one or more, or pass --all; stacks: ${known.join(", ")}`);
  }
  for (const stack of stacks) {
    if (!known.includes(stack)) {
      throw new UsageError(`unknown stack "${stack}": no Pulumi.${stack}.yaml; stacks: ${known.join(", ")}`);
    }
  }
  return stacks;
}

/**
 * The message of an error that is the user's to fix, or undefined for a bug (which keeps its
 * stack trace). The program's own RunErrors (bad config, deploy window) are the user's.
 */
export function userMessage(error: unknown): string | undefined {
  if (error instanceof UsageError || error instanceof ConfigError || error instanceof StackFileError)
    return error.message;
  if (error instanceof ProgramFailure && isRunError(error.cause)) return error.message;
  if (isRunError(error)) return (error as Error).message;
  return undefined;
}

/**
 * The SDK's own `RunError.isInstance`, asked of the SDK only when it is loaded: only a loaded SDK
 * can have made a RunError, and loading it (~0.4 s) to answer "no" would slow the error path of
 * every command that never runs the program (diff).
 */
function isRunError(error: unknown): boolean {
  const sdk = require.cache[require.resolve("@pulumi/pulumi")]?.exports as typeof Pulumi | undefined;
  return sdk?.RunError.isInstance(error) ?? false;
}
