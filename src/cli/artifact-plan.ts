/**
 * `npm run plan:artifact`: the shared image repository's offline plan, printed as a tree and
 * written to artifact/stacks/<stack>.plan.json. `--check` writes nothing and fails when the
 * committed plan differs from what the artifact program produces now.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, relative } from "node:path";
import { parseArgs } from "node:util";
import { captureArtifactPlan } from "../artifact/capture";
import { renderCounts, renderTree } from "../reports/plan-tree";
import { runCli } from "./cli";

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { check: { type: "boolean" }, quiet: { type: "boolean" } },
  });
  const dir = process.cwd();
  const { plan, path, text } = await captureArtifactPlan(dir);
  const where = relative(dir, path);
  if (values.check) {
    const current = existsSync(path) ? readFileSync(path, "utf8") : undefined;
    if (current === text) {
      console.log(`${where} is up to date (${plan.resources.length} resources)`);
      return 0;
    }
    console.error(
      `${where} ${current === undefined ? "is missing" : "is stale"}\nrefresh with: npm run plan:artifact (then commit it)`,
    );
    return 1;
  }
  if (!values.quiet) console.log(`${renderTree(plan)}\n\n${renderCounts(plan)}\n`);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  console.log(`wrote ${where} (${plan.resources.length} resources)`);
  return 0;
}

void runCli(() => main(process.argv.slice(2)));
