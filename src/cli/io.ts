/**
 * What every subcommand writes to and where it runs: the real process, or a test's capture. A
 * subcommand never touches `process` itself, so tests drive it in-process and importing it has no
 * side effects.
 */
export interface Io {
  /** The project directory the command works on (its stack files, stacks/, docs/). */
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export const processIo = (): Io => ({
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});

/** A mistake in how a command was called (wrong stack, missing file, bad value): exit 2, one line. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** Exit codes every subcommand shares. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
