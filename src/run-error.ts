/**
 * The error the program throws for a mistake the user must fix (configuration, a guard's refusal,
 * a broken AWS rule): Pulumi prints a RunError's message alone, never its stack.
 *
 * Its stack is left as the one line "RunError: <message>" because Pulumi still formats every
 * uncaught error with `util.inspect(err, { colors: true })` (for a tracing span), and Node 20.20's
 * colouring of stack frames loops on a frame under `node_modules/@scope/<file>` with no further
 * folder — exactly the SDK's source-mapped frames (`node_modules/@pulumi/resource.ts`) — until the
 * string is too long: a config mistake took ~17 s to report under Pulumi's own runner, and could
 * run out of memory (`infra runtime-check` found it; docs/architecture.md). A stack without frames
 * is never coloured.
 */
import * as pulumi from "@pulumi/pulumi";

export function userError(message: string): pulumi.RunError {
  const error = new pulumi.RunError(message);
  error.stack = `${error.name}: ${message}`;
  return error;
}
