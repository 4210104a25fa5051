/**
 * `npm run policy:docs`: writes docs/policy-rules.md and policy/config/<tier>.json from the rules.
 * `--check` writes nothing and fails when a committed file differs (CI runs it).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import * as prettier from "prettier";
import { renderPackConfig, renderPolicyDocs } from "../lib/policy/docs";
import { TIERS } from "../lib/policy/rule";
import { runCli } from "./cli";

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { check: { type: "boolean" } } });
  const dir = process.cwd();
  const files: [string, string][] = [
    ["docs/policy-rules.md", renderPolicyDocs()],
    ...TIERS.map((t): [string, string] => [`policy/config/${t}.json`, renderPackConfig(t)]),
  ];
  const stale: string[] = [];
  for (const [path, raw] of files) {
    const full = join(dir, path);
    // Formatted as `npm run lint` expects, so the generated files pass prettier --check.
    const options = (await prettier.resolveConfig(full)) ?? {};
    const text = await prettier.format(raw, { ...options, filepath: full });
    if (values.check) {
      const current = existsSync(full) ? readFileSync(full, "utf8") : undefined;
      if (current !== text) stale.push(`${path} ${current === undefined ? "is missing" : "is stale"}`);
      else console.log(`${path} is up to date`);
      continue;
    }
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
    console.log(`wrote ${path}`);
  }
  if (stale.length > 0) {
    console.error(`${stale.join("\n")}\nrefresh with: npm run policy:docs (then commit them)`);
    return 1;
  }
  return 0;
}

void runCli(() => main(process.argv.slice(2)));
