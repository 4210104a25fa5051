/**
 * The real validators of the app servers' user data: Debian's cloud-init (`cloud-init schema`)
 * and shellcheck. .ci/run installs both and sets HOST_TOOLS_REQUIRED=1, so a missing tool fails
 * the suite there; locally, without them, the tests that need them are skipped, saying why.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const HOST_TOOLS_REQUIRED = process.env["HOST_TOOLS_REQUIRED"] === "1";

export function hasTool(name: string): boolean {
  return spawnSync(name, ["--version"], { encoding: "utf8" }).status === 0;
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

function inTempFile<T>(name: string, content: string, run: (path: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "host-tools-"));
  try {
    const path = join(dir, name);
    writeFileSync(path, content);
    return run(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `cloud-init schema --config-file`: the document against cloud-init's own JSON schema. */
export function cloudInitSchema(document: string): ToolResult {
  return inTempFile("user-data.yaml", document, (path) => {
    const r = spawnSync("cloud-init", ["schema", "--config-file", path], { encoding: "utf8" });
    return { ok: r.status === 0, output: `${r.stdout}${r.stderr}`.trim() };
  });
}

/** shellcheck on one script (its shebang picks the shell). */
export function shellcheck(script: string): ToolResult {
  const r = spawnSync("shellcheck", ["--severity=style", "-"], { input: script, encoding: "utf8" });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}`.trim() };
}

/**
 * The top-level keys cloud-init's installed schema knows. Its schema allows unknown keys (a typo
 * such as `write_filez` validates and does nothing), so the tests check the keys themselves too.
 */
function whichCloudInit(): string {
  const r = spawnSync("sh", ["-c", "command -v cloud-init"], { encoding: "utf8" });
  return r.stdout.trim();
}

export function cloudInitKeys(): Set<string> {
  // cloud-init's own interpreter (its script's shebang), which may not be the first python3 on PATH.
  const shebang = readFileSync(whichCloudInit(), "utf8")
    .split("\n")[0]!
    .replace(/^#!\s*/, "")
    .split(" ");
  const found = spawnSync(
    shebang[0]!,
    [...shebang.slice(1), "-c", "import cloudinit, os; print(os.path.dirname(cloudinit.__file__))"],
    { encoding: "utf8" },
  );
  const path = join(found.stdout.trim(), "config", "schemas", "schema-cloud-config-v1.json");
  if (found.status !== 0 || !existsSync(path)) throw new Error(`cloud-init's schema not found (${path})`);
  const schema = JSON.parse(readFileSync(path, "utf8")) as {
    $defs: Record<string, { properties?: Record<string, unknown> }>;
  };
  return new Set(Object.values(schema.$defs).flatMap((d) => Object.keys(d.properties ?? {})));
}
