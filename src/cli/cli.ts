/**
 * What the subcommands share: which stacks a command was asked for, and which errors are the
 * user's to fix (reported by message alone, no stack trace).
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "../config/errors";
import { listStacks, StackFileError } from "../config/stack-files";
import { ProgramFailure } from "../plan/capture";
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
  if (error instanceof ProgramFailure && pulumi.RunError.isInstance(error.cause)) return error.message;
  if (pulumi.RunError.isInstance(error)) return (error as Error).message;
  return undefined;
}
