/**
 * `npm run local:generate`: writes docker-compose.dev.yml and .env.example from the dev stack's
 * settings. `npm run local:check` writes nothing and fails when either committed file differs.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { resolveSettings } from "../config/resolve";
import { projectName, readStackFile } from "../config/stack-files";
import { COMPOSE_FILE, ENV_EXAMPLE_FILE, renderCompose, renderEnvExample } from "../reports/local-dev";
import { runCli } from "./cli";

/** Local development mirrors the dev stack (its NODE_ENV, log level, pool sizes, engines). */
export const LOCAL_STACK = "dev";

export function localFiles(dir: string): Record<string, string> {
  const project = projectName(dir);
  const file = readStackFile(dir, LOCAL_STACK, project);
  const { settings } = resolveSettings({
    project,
    stack: LOCAL_STACK,
    config: file.config,
    secretKeys: file.secretKeys,
  });
  return { [COMPOSE_FILE]: renderCompose(settings), [ENV_EXAMPLE_FILE]: renderEnvExample(settings) };
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { check: { type: "boolean" } } });
  const dir = process.cwd();
  const stale: string[] = [];
  for (const [name, text] of Object.entries(localFiles(dir))) {
    const path = join(dir, name);
    if (values.check) {
      const current = existsSync(path) ? readFileSync(path, "utf8") : undefined;
      if (current !== text) stale.push(`${name} ${current === undefined ? "is missing" : "is stale"}`);
      else console.log(`${name} is up to date`);
    } else {
      writeFileSync(path, text);
      console.log(`wrote ${name}`);
    }
  }
  if (stale.length > 0) {
    console.error(`${stale.join("\n")}\nrefresh with: npm run local:generate (then commit both files)`);
    return 1;
  }
  return 0;
}

if (require.main === module) void runCli(() => main(process.argv.slice(2)));
