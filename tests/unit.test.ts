/**
 * Unit tests: every `tests/**\/*.test.ts` in one process. Node 20's runner starts a process per
 * file, and each paid ~0.5 s of TypeScript loader start-up for ~0.1 s of tests; one process
 * makes the suite several seconds faster. Files are found by name, anywhere under tests/, so a new
 * one cannot be left out; the stack suites have their own process (tests/stack.test.ts).
 */
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";

const ENTRY_POINTS = new Set(["unit.test.ts", "stack.test.ts"]);
const files = readdirSync(__dirname, { recursive: true, encoding: "utf8" })
  .filter((f) => f.endsWith(".test.ts") && !ENTRY_POINTS.has(f))
  .map((f) => join(__dirname, f))
  .sort((a, b) => relative(__dirname, a).localeCompare(relative(__dirname, b)));
for (const file of files) {
  // Synchronous require: node:test must see every test registered before this module ends.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(file);
}
