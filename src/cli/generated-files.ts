/**
 * Write a set of generated files, or (check mode) write nothing and report which committed ones
 * differ. Every generator — plans, reports, docs, local-dev files — goes through here, so
 * `infra generate` and `infra check` can never disagree about what is fresh.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
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

/** The closing message of a failed check: what is stale and the one command that refreshes it. */
export function staleMessage(stale: readonly string[]): string {
  return `${stale.join("\n")}\nrefresh with: npm run generate (then commit the files)\n`;
}
