/**
 * Which errors are the user's to fix, reported by message alone (no stack trace): the CLI's one
 * top-level catch (src/cli/index.ts) asks every command's errors. Loads no stack-file reader, no
 * yaml and no Pulumi SDK, so a command that needs none of them (diff) does not pay for them.
 */
import type * as Pulumi from "@pulumi/pulumi";
import { ConfigError, ProjectFileError, StackFileError } from "../config/errors";
import { ProgramFailure } from "../plan/program-failure";
import { UsageError } from "./io";

/**
 * The message of an error that is the user's to fix, or undefined for a bug (which keeps its
 * stack trace). The program's own RunErrors (bad config, deploy window) are the user's.
 */
export function userMessage(error: unknown): string | undefined {
  if (
    error instanceof UsageError ||
    error instanceof ConfigError ||
    error instanceof StackFileError ||
    error instanceof ProjectFileError
  )
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
