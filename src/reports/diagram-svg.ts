/**
 * The architecture diagrams as SVG, rendered by the real Mermaid (@mermaid-js/mermaid-cli) in
 * headless Chromium: the picture a reviewer opens is the one Mermaid draws, and a diagram Mermaid
 * cannot parse fails here instead of showing "Syntax error" on the rendered page. One browser
 * renders every diagram. The render is deterministic for a given Mermaid version (fonts are
 * embedded web fonts, not whatever the machine has), so the SVG is committed beside its page and
 * checked for freshness like every other generated file.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Launch options for Debian's chromium: the project's puppeteer-config.json. */
interface LaunchConfig {
  readonly executablePath: string;
  readonly args: readonly string[];
}

export interface MermaidSource {
  /** Where the SVG goes, relative to the project directory (used in error messages). */
  readonly path: string;
  readonly mermaid: string;
}

export class DiagramRenderError extends Error {
  override name = "DiagramRenderError";
}

function launchConfig(projectDir: string): LaunchConfig {
  const config = JSON.parse(readFileSync(join(projectDir, "puppeteer-config.json"), "utf8")) as LaunchConfig;
  // PUPPETEER_EXECUTABLE_PATH names another Chromium (a machine without Debian's package).
  const executablePath = process.env["PUPPETEER_EXECUTABLE_PATH"] || config.executablePath;
  if (!existsSync(executablePath)) {
    throw new DiagramRenderError(
      `no Chromium at ${executablePath} to render the diagrams: apt-get install -y chromium ` +
        "(or set PUPPETEER_EXECUTABLE_PATH to a Chromium binary)",
    );
  }
  return { executablePath, args: config.args };
}

/** Mermaid's SVG ends without a newline; committed files end with one. */
const asFile = (svg: string): string => (svg.endsWith("\n") ? svg : `${svg}\n`);

/** Each source rendered to SVG text, in order; a diagram Mermaid rejects fails the lot. */
export async function renderSvgs(projectDir: string, sources: readonly MermaidSource[]): Promise<string[]> {
  const { executablePath, args } = launchConfig(projectDir);
  // Both packages are ES modules only; a dynamic import loads them from this CommonJS project.
  const puppeteer = (await import("puppeteer")).default;
  const { renderMermaid } = await import("@mermaid-js/mermaid-cli");
  const browser = await puppeteer.launch({ executablePath, args: [...args], headless: true });
  try {
    // One page per diagram, all at once: most of a render is Mermaid loading into its page.
    return await Promise.all(
      sources.map(async (source) => {
        try {
          const { data } = await renderMermaid(browser, source.mermaid, "svg", { backgroundColor: "white" });
          return asFile(Buffer.from(data).toString("utf8"));
        } catch (error) {
          // Mermaid's parse error, without the browser-side stack frames under it.
          const why = (error instanceof Error ? error.message : String(error))
            .split("\n")
            .filter((l) => !/\(\S+:\d+:\d+\)$/.test(l))
            .join("\n");
          throw new DiagramRenderError(`Mermaid could not render ${source.path}:\n${why}`);
        }
      }),
    );
  } finally {
    await browser.close();
  }
}
