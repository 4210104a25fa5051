/**
 * `npm run diagrams`: docs/diagrams/<stack>.svg, each stack's architecture rendered by the real
 * Mermaid in headless Chromium from its committed plan (stacks/<stack>.plan.json, kept fresh by
 * plan:check). `--check` writes nothing and fails when a committed SVG differs from a fresh
 * render, or when Mermaid cannot render a diagram at all (CI runs it).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { Plan } from "../model/plan";
import { listStacks } from "../config/stack-files";
import { planPath } from "../plan/plan-file";
import { renderDiagram } from "../reports/diagram";
import { DiagramRenderError, renderSvgs } from "../reports/diagram-svg";
import { diagramSvgPath } from "../reports/reports";
import { runCli, UsageError } from "./cli";

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { check: { type: "boolean" } } });
  const dir = process.cwd();
  const sources = listStacks(dir).map((stack) => {
    const file = planPath(dir, stack);
    if (!existsSync(file))
      throw new UsageError(`no plan for "${stack}" at ${file}: run npm run plan:all first`);
    const plan = JSON.parse(readFileSync(file, "utf8")) as Plan;
    return { stack, path: diagramSvgPath(stack), mermaid: renderDiagram(plan) };
  });
  let svgs: string[];
  try {
    svgs = await renderSvgs(dir, sources);
  } catch (error) {
    if (error instanceof DiagramRenderError) throw new UsageError(error.message);
    throw error;
  }
  const stale: string[] = [];
  sources.forEach(({ path }, i) => {
    const full = join(dir, path);
    if (values.check) {
      const current = existsSync(full) ? readFileSync(full, "utf8") : undefined;
      if (current !== svgs[i]) stale.push(`${path} ${current === undefined ? "is missing" : "is stale"}`);
      else console.log(`${path} is up to date`);
      return;
    }
    writeFileSync(full, svgs[i]!);
    console.log(`wrote ${path}`);
  });
  if (stale.length > 0) {
    console.error(`${stale.join("\n")}\nrefresh with: npm run diagrams (then commit them)`);
    return 1;
  }
  return 0;
}

void runCli(() => main(process.argv.slice(2)));
