/**
 * Unit tests: every `tests/unit/*.test.ts` in one process. Node 20's runner starts a process per
 * file, and each paid ~0.5 s of TypeScript loader start-up for ~0.1 s of tests; one process
 * makes the suite several seconds faster. Files are found by name, so a new one cannot be left
 * out.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";

const dir = join(__dirname, "unit");
for (const file of readdirSync(dir)
  .filter((f) => f.endsWith(".test.ts"))
  .sort()) {
  // Synchronous require: node:test must see every test registered before this module ends.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(join(dir, file));
}
