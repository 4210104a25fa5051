/**
 * `infra generate [--only <group…>] [--quiet]` writes every generated file; `infra check` writes
 * nothing and fails, naming each file, when a committed one differs from what the program
 * produces now (CI runs it). Each stack is captured once for all groups.
 */
import { loadStackViews } from "../plan/stack-views";
import { staleMessage, syncFiles } from "./generated-files";
import { type Group, GROUPS } from "./choices";
import { generatedFiles } from "./generators";
import { EXIT, type Io } from "./io";

export interface GenerateOptions {
  /** Default: every group. */
  readonly only?: readonly Group[];
  readonly quiet?: boolean;
}

async function files(options: GenerateOptions, io: Io) {
  const groups = options.only && options.only.length > 0 ? options.only : GROUPS;
  return generatedFiles(io.cwd, await loadStackViews(io.cwd), groups);
}

export async function runGenerate(options: GenerateOptions, io: Io): Promise<number> {
  syncFiles(io, await files(options, io), { mode: "write", quiet: options.quiet });
  return EXIT.ok;
}

export async function runCheck(options: GenerateOptions, io: Io): Promise<number> {
  const stale = syncFiles(io, await files(options, io), { mode: "check", quiet: options.quiet });
  if (stale.length === 0) return EXIT.ok;
  io.stderr(staleMessage(stale));
  return EXIT.failed;
}
