/**
 * `npm run reports`: the generated documents, from every stack file's settings and offline plan —
 * stacks/PARITY.md (how the environments differ and why) and docs/diagrams/<stack>.md (each
 * stack's architecture in Mermaid). `--check` writes nothing and fails when a committed document
 * differs from what the program produces now (CI runs it, like `plan:check`).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { generateReports } from "../reports/reports";
import { runCli } from "./cli";
import { loadStackViews } from "../plan/stack-views";

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { check: { type: "boolean" } } });
  const dir = process.cwd();
  const files = generateReports(await loadStackViews(dir));
  const stale: string[] = [];
  for (const file of files) {
    const path = join(dir, file.path);
    if (values.check) {
      const current = existsSync(path) ? readFileSync(path, "utf8") : undefined;
      if (current !== file.text)
        stale.push(`${file.path} ${current === undefined ? "is missing" : "is stale"}`);
      else console.log(`${file.path} is up to date`);
      continue;
    }
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.text);
    console.log(`wrote ${file.path}`);
  }
  if (stale.length > 0) {
    console.error(`${stale.join("\n")}\nrefresh with: npm run reports (then commit them)`);
    return 1;
  }
  return 0;
}

void runCli(() => main(process.argv.slice(2)));
