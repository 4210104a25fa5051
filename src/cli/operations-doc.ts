/**
 * `npm run docs:operations`: rewrite docs/operations.md from the alarm, log and rollout data of
 * every stack file. A stack test fails when the committed file is stale.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { OPERATIONS_DOC, operationsDocFor } from "../reports/operations-doc-source";
import { runCli } from "./cli";

void runCli(async () => {
  const dir = process.cwd();
  writeFileSync(join(dir, OPERATIONS_DOC), operationsDocFor(dir));
  console.log(`wrote ${OPERATIONS_DOC}`);
  return 0;
});
