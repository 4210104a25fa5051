/**
 * Write a set of generated files, or (check mode) write nothing and report which committed ones
 * differ. Every generator — plans, reports, docs, local-dev files — goes through here, so
 * `infra generate` and `infra check` can never disagree about what is fresh.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Io } from "./io";

export interface GeneratedFile {
  /** Relative to the project directory. */
  readonly path: string;
  readonly text: string;
  /** Shown after "wrote <path>", e.g. "(171 resources)". */
  readonly note?: string;
}

export type SyncMode = "write" | "check";

export interface SyncOptions {
  readonly mode: SyncMode;
  /** Print only stale files and failures. */
  readonly quiet?: boolean;
}

/** Returns the stale files in check mode (empty when all are fresh), nothing in write mode. */
export function syncFiles(io: Io, files: readonly GeneratedFile[], options: SyncOptions): string[] {
  const stale: string[] = [];
  for (const file of files) {
    const full = join(io.cwd, file.path);
    const note = file.note ? ` ${file.note}` : "";
    if (options.mode === "check") {
      const current = existsSync(full) ? readFileSync(full, "utf8") : undefined;
      if (current !== file.text)
        stale.push(`${file.path} ${current === undefined ? "is missing" : "is stale"}`);
      else if (!options.quiet) io.stdout(`${file.path} is up to date${note}\n`);
      continue;
    }
    mkdirSync(dirname(full), { recursive: true });
    const current = existsSync(full) ? readFileSync(full, "utf8") : undefined;
    if (current === file.text) {
      if (!options.quiet) io.stdout(`${file.path} unchanged${note}\n`);
      continue;
    }
    writeFileSync(full, file.text);
    io.stdout(`wrote ${file.path}${note}\n`);
  }
  return stale;
}

/** A per-stack generated file's path (relative to the project) as a function of the stack's name. */
export type StackPath = (stack: string) => string;

/**
 * Generated files of stacks that no longer have a stack file (a removed or renamed
 * Pulumi.<stack>.yaml): each path's shape is read from its own function, called with a marker, so
 * the files found are exactly the ones that function would name for some other stack.
 */
export function orphanedFiles(dir: string, paths: readonly StackPath[], stacks: readonly string[]): string[] {
  const MARK = "\u0000";
  const orphans: string[] = [];
  for (const path of paths) {
    const [prefix = "", suffix = ""] = path(MARK).split(MARK);
    const folder = dirname(path(MARK));
    if (!existsSync(join(dir, folder))) continue;
    for (const name of readdirSync(join(dir, folder)).sort()) {
      const file = join(folder, name);
      if (!file.startsWith(prefix) || !file.endsWith(suffix)) continue;
      const stack = file.slice(prefix.length, file.length - suffix.length);
      if (stack !== "" && !stack.includes("/") && !stacks.includes(stack) && path(stack) === file)
        orphans.push(file);
    }
  }
  return orphans;
}

/**
 * Removes the orphaned files (write mode), or (check mode) removes nothing and returns one stale
 * line each, like `syncFiles`.
 */
export function syncOrphans(io: Io, orphans: readonly string[], options: SyncOptions): string[] {
  if (options.mode === "check") return orphans.map((f) => `${f} belongs to no stack file`);
  for (const file of orphans) {
    rmSync(join(io.cwd, file));
    io.stdout(`removed ${file} (its stack file is gone)\n`);
  }
  return [];
}

/** The closing message of a failed check: what is stale and the one command that refreshes it. */
export function staleMessage(stale: readonly string[]): string {
  return `${stale.join("\n")}\nrefresh with: npm run generate (then commit the files)\n`;
}
