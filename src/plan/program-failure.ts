/**
 * The error a capture reports when the program itself throws. Its own module, free of the Pulumi
 * SDK, so the CLI's top-level catch can recognise it without loading the SDK for commands (diff)
 * that never run the program.
 */

/** The program's error, with what was registered before it. */
export class ProgramFailure extends Error {
  constructor(
    readonly cause: unknown,
    readonly registeredUrns: readonly string[],
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = "ProgramFailure";
  }
}
