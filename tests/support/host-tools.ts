/**
 * The real validators of the app servers' user data: Debian's cloud-init (`cloud-init schema`)
 * and shellcheck. .ci/run installs both and sets HOST_TOOLS_REQUIRED=1, so a missing tool fails
 * the suite there; locally, without them, the tests that need them are skipped, saying why.
 */
import { execFile, spawnSync } from "node:child_process";
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";

export const HOST_TOOLS_REQUIRED = process.env["HOST_TOOLS_REQUIRED"] === "1";

/** Whether `name` is an executable on PATH (looked up, not run: `cloud-init --version` alone starts Python). */
export function hasTool(name: string): boolean {
  return whichTool(name) !== undefined;
}

function whichTool(name: string): string | undefined {
  for (const dir of (process.env["PATH"] ?? "").split(delimiter).filter(Boolean)) {
    const path = join(dir, name);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** `skip` option for a test that needs `tools`: false when present, or when CI requires them (then it fails). */
export function skipWithout(...tools: string[]): string | false {
  const missing = tools.filter((t) => !hasTool(t));
  if (missing.length === 0 || HOST_TOOLS_REQUIRED) return false;
  return `${missing.join(", ")} not installed (apt-get install -y cloud-init shellcheck; .ci/run requires them)`;
}

export interface ToolResult {
  readonly ok: boolean;
  readonly output: string;
}

/**
 * cloud-init's own validation of each document, in one run of cloud-init's interpreter: the
 * function `cloud-init schema --config-file` calls (`validate_cloudconfig_file` against
 * `get_schema()`, cloud-init 22.4's cmd handler), so each document gets the command's verdict and
 * message without paying cloud-init's ~0.5 s start-up per document. Also returns the top-level keys
 * the installed schema knows: the schema allows unknown keys (a typo such as `write_filez`
 * validates and does nothing), so the tests check the keys themselves too.
 */
export async function cloudInitSchema(
  documents: readonly string[],
): Promise<{ results: ToolResult[]; keys: Set<string> }> {
  const dir = mkdtempSync(join(tmpdir(), "host-tools-"));
  try {
    const paths = documents.map((document, i) => {
      const path = join(dir, `user-data-${i}.yaml`);
      writeFileSync(path, document);
      return path;
    });
    const script = [
      "import json, sys",
      "from cloudinit.config.schema import SchemaValidationError, get_schema, validate_cloudconfig_file",
      "schema = get_schema()",
      "results = []",
      "for path in sys.argv[1:]:",
      "    try:",
      "        validate_cloudconfig_file(path, schema)",
      "        results.append({'ok': True, 'output': 'Valid cloud-config: ' + path})",
      "    except (SchemaValidationError, RuntimeError) as e:",
      "        results.append({'ok': False, 'output': str(e)})",
      "keys = sorted({k for d in schema['$defs'].values() for k in d.get('properties', {})})",
      // Last line: cloud-init may print to stdout itself.
      "print('\\n' + json.dumps({'results': results, 'keys': keys}))",
    ].join("\n");
    const [python, ...args] = cloudInitPython();
    // Asynchronous: Python starts (~0.5 s of CPU) while the suites' thread goes on with other tests.
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(python!, [...args, "-c", script, ...paths], { encoding: "utf8" }, (error, out, err) =>
        error ? reject(new Error(`cloud-init's validator did not run:\n${err}`)) : resolve(out),
      ),
    );
    const out = JSON.parse(stdout.trim().split("\n").at(-1)!) as { results: ToolResult[]; keys: string[] };
    return { results: out.results, keys: new Set(out.keys) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** cloud-init's own interpreter (its script's shebang), which may not be the first python3 on PATH. */
function cloudInitPython(): string[] {
  const script = whichTool("cloud-init");
  if (!script) throw new Error("cloud-init is not installed (apt-get install -y cloud-init)");
  return readFileSync(script, "utf8")
    .split("\n")[0]!
    .replace(/^#!\s*/, "")
    .split(" ");
}

/**
 * shellcheck on one script (its shebang picks the shell). Its verdict depends on the text alone, so
 * a script checked once is not checked again: every stack's user data carries the same host scripts.
 */
export function shellcheck(script: string): ToolResult {
  let result = shellchecked.get(script);
  if (!result) {
    const r = spawnSync("shellcheck", ["--severity=style", "-"], { input: script, encoding: "utf8" });
    result = { ok: r.status === 0, output: `${r.stdout}${r.stderr}`.trim() };
    shellchecked.set(script, result);
  }
  return result;
}
const shellchecked = new Map<string, ToolResult>();
