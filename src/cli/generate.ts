/**
 * `infra generate [--only <group…>] [--quiet]` writes every generated file; `infra check` writes
 * nothing and fails, naming each file, when a committed one differs from what the program
 * produces now (CI runs it). Each stack is captured once for all groups.
 */
import { loadStackViews } from "../plan/stack-views";
import { orphanedFiles, staleMessage, syncFiles, syncOrphans } from "./generated-files";
import { type Group, GROUPS } from "./choices";
import { generatedFiles, STACK_PATHS } from "./generators";
import { EXIT, type Io } from "./io";

export interface GenerateOptions {
  /** Default: every group. */
  readonly only?: readonly Group[];
  readonly quiet?: boolean;
}

/** What the groups asked for generate, and the files of removed stacks they once wrote. */
async function files(options: GenerateOptions, io: Io) {
  const groups = options.only && options.only.length > 0 ? options.only : GROUPS;
  const views = await loadStackViews(io.cwd);
  const paths = groups.flatMap((g) => STACK_PATHS[g] ?? []);
  return {
    files: await generatedFiles(io.cwd, views, groups),
    orphans: orphanedFiles(
      io.cwd,
      paths,
      views.map((v) => v.stack),
    ),
  };
}

export async function runGenerate(options: GenerateOptions, io: Io): Promise<number> {
  const { files: generated, orphans } = await files(options, io);
  syncFiles(io, generated, { mode: "write", quiet: options.quiet });
  syncOrphans(io, orphans, { mode: "write" });
  return EXIT.ok;
}

export async function runCheck(options: GenerateOptions, io: Io): Promise<number> {
  const { files: generated, orphans } = await files(options, io);
  const stale = [
    ...syncFiles(io, generated, { mode: "check", quiet: options.quiet }),
    ...syncOrphans(io, orphans, { mode: "check" }),
  ];
  if (stale.length === 0) return EXIT.ok;
  io.stderr(staleMessage(stale));
  return EXIT.failed;
}
