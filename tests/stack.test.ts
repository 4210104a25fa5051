/**
 * Stack tests: one process, so each stack is captured once and every suite reads the same plan.
 * (Node 20's runner would start a process per file and capture every stack again in each.)
 * Every module in tests/stack/ is a suite; they are found by name, never listed by hand.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";

const dir = join(__dirname, "stack");
for (const file of readdirSync(dir)
  .filter((f) => f.endsWith(".ts"))
  .sort()) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(join(dir, file));
}
