/**
 * The one top-level catch every command shares: a user mistake prints one clear line and exits
 * non-zero without a stack trace; anything else is a bug and keeps its trace.
 */
import * as pulumi from "@pulumi/pulumi";
import { listStacks, StackFileError } from "../config/stack-files";
import { ProgramFailure } from "../plan/capture";

/** A mistake in how the command was called: wrong stack, missing file, unknown flag. */
export class UsageError extends Error {
  override name = "UsageError";
}

/**
 * The stacks a command was asked for: every stack file's with `--all`, else the names given,
 * each of which must have a `Pulumi.<stack>.yaml`.
 */
export function selectStacks(
  dir: string,
  all: boolean | undefined,
  names: readonly string[],
  usage: string,
): string[] {
  const known = listStacks(dir);
  const stacks = all ? known : [...names];
  if (stacks.length === 0) throw new UsageError(`no stack given; ${usage}; stacks: ${known.join(", ")}`);
  for (const stack of stacks) {
    if (!known.includes(stack)) {
      throw new UsageError(`unknown stack "${stack}": no Pulumi.${stack}.yaml; stacks: ${known.join(", ")}`);
    }
  }
  return stacks;
}

/** Errors that are the user's to fix, reported by message alone. */
function userMessage(error: unknown): string | undefined {
  if (error instanceof UsageError || error instanceof StackFileError) return error.message;
  // The program's own RunErrors (bad config, deploy window) are the user's; anything else it
  // threw is a bug and keeps its stack trace.
  if (error instanceof ProgramFailure && pulumi.RunError.isInstance(error.cause)) return error.message;
  // node:util parseArgs reports unknown flags with these codes.
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS")) return (error as Error).message;
  return undefined;
}

export async function runCli(main: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await main();
  } catch (error) {
    const message = userMessage(error);
    if (message === undefined) throw error instanceof ProgramFailure ? error.cause : error;
    console.error(`error: ${message}`);
    process.exitCode = error instanceof ProgramFailure ? 1 : 2;
  }
}
