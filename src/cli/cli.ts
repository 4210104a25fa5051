/**
 * What the subcommands that run the program share: which stacks a command was asked for. (Which
 * errors are the user's to fix is src/cli/user-errors.ts: every command needs it, and it must not
 * load the stack-file reader and yaml.)
 */
import { listStacks } from "../config/stack-files";
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
