/**
 * How `pulumi preview` and `pulumi up` start this program, worked out from Pulumi.yaml the way the
 * Pulumi CLI and its Node.js language host (pulumi-language-nodejs) do it, so `infra runtime-check`
 * can start it the same way with no CLI installed. Pure: no SDK, no process.
 *
 * Sources (pulumi/pulumi, read 2026-12-03):
 * - where the program runs (`getPwdMain`, pkg/engine): with no `main` the program directory is the
 *   project's and the entry point "."; a `main` that is a folder becomes the program directory; a
 *   `main` that is a file makes its folder the program directory and its base name the entry point.
 *   It must be a relative path inside the project.
 * - the runtime options (`parseOptions`, sdk/nodejs/cmd/pulumi-language-nodejs/main.go):
 *   `typescript` (a boolean, true when absent), `tsconfig` (a string), `nodeargs` (a string, split
 *   like a shell would), `packagemanager` (npm, yarn, pnpm, bun or auto);
 * - the command (`constructArguments`, `execRuntime`, same file): `node <nodeargs> <run> --monitor
 *   <addr> --engine <addr> --project <p> --root-directory <root> --stack <s> --pwd <program dir>
 *   [--dry-run] --parallel <n> <entry point>`, where <run> is `@pulumi/pulumi/cmd/run` resolved from
 *   the program directory; the environment adds PULUMI_CONFIG (the stack's configuration as JSON,
 *   keys written `<namespace>:config:<name>`), PULUMI_CONFIG_SECRET_KEYS, and
 *   PULUMI_NODEJS_TYPESCRIPT=true / PULUMI_NODEJS_TSCONFIG_PATH from the options.
 * A value Pulumi would refuse is refused here with the same reason.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, normalize, sep } from "node:path";
import { parse } from "yaml";
import { ProjectFileError } from "../config/errors";

export { ProjectFileError };

export const PACKAGE_MANAGERS = ["auto", "npm", "yarn", "pnpm", "bun"] as const;

/** What Pulumi.yaml says about running the program. */
export interface ProjectRuntime {
  readonly name: string;
  /** Pulumi.yaml `main`, as written (undefined: the project folder). */
  readonly main?: string;
  readonly typescript: boolean;
  readonly tsconfig?: string;
  readonly nodeargs: readonly string[];
}

/** Reads `runtime` and `main` from `<projectDir>/Pulumi.yaml`. */
export function readProjectRuntime(projectDir: string): ProjectRuntime {
  const file = join(projectDir, "Pulumi.yaml");
  const project = (parse(readFileSync(file, "utf8")) ?? {}) as Record<string, unknown>;
  const refuse = (what: string) => new ProjectFileError(`${file}: ${what}`);
  const runtime = project["runtime"];
  const name = typeof runtime === "string" ? runtime : (runtime as { name?: unknown } | undefined)?.name;
  if (name !== "nodejs") {
    throw refuse(`runtime is ${JSON.stringify(name)}; this program runs on the nodejs runtime`);
  }
  const options = ((typeof runtime === "object" && runtime !== null && "options" in runtime
    ? (runtime as { options?: unknown }).options
    : undefined) ?? {}) as Record<string, unknown>;
  const typescript = options["typescript"] ?? true;
  if (typeof typescript !== "boolean") throw refuse("runtime option typescript must be a boolean");
  const tsconfig = options["tsconfig"];
  if (tsconfig !== undefined && typeof tsconfig !== "string") {
    throw refuse("runtime option tsconfig must be a string");
  }
  const nodeargs = options["nodeargs"] ?? "";
  if (typeof nodeargs !== "string") throw refuse("runtime option nodeargs must be a string");
  const packagemanager = options["packagemanager"];
  if (packagemanager !== undefined && !(PACKAGE_MANAGERS as readonly unknown[]).includes(packagemanager)) {
    throw refuse(
      `runtime option packagemanager is ${JSON.stringify(packagemanager)}; Pulumi accepts ${PACKAGE_MANAGERS.join(", ")}`,
    );
  }
  const main = project["main"];
  if (main !== undefined && typeof main !== "string") throw refuse("main must be a string");
  return { name, main, typescript, tsconfig, nodeargs: splitArgs(nodeargs, file) };
}

/** Where the language host runs the program: its working directory and the entry point it loads. */
export function programLocation(root: string, main: string | undefined): { pwd: string; entryPoint: string } {
  if (!main) return { pwd: root, entryPoint: "." };
  if (isAbsolute(main)) throw new ProjectFileError("project 'main' must be a relative path");
  const path = normalize(join(root, main));
  if (path !== root && !path.startsWith(root.endsWith(sep) ? root : root + sep)) {
    throw new ProjectFileError("project 'main' must be a subfolder");
  }
  if (!existsSync(path)) throw new ProjectFileError(`project 'main' could not be read: ${path}`);
  return statSync(path).isDirectory()
    ? { pwd: path, entryPoint: "." }
    : { pwd: dirname(path), entryPoint: path.slice(dirname(path).length + 1) };
}

export interface LaunchInput {
  readonly root: string;
  readonly runtime: ProjectRuntime;
  /** `@pulumi/pulumi/cmd/run` as resolved from the program directory. */
  readonly runPath: string;
  readonly monitorAddress: string;
  readonly engineAddress: string;
  readonly project: string;
  readonly stack: string;
  /** Namespaced keys (`infra:network`, `aws:region`), values as Pulumi hands them over. */
  readonly config: Readonly<Record<string, string>>;
  readonly secretKeys: readonly string[];
  /** `pulumi preview` (true) or `pulumi up` (false). */
  readonly dryRun: boolean;
  /** The CLI's --parallel, passed through (the Node.js SDK does not limit itself by it). */
  readonly parallel: number;
}

export interface Launch {
  readonly cwd: string;
  readonly args: readonly string[];
  /** Only what the language host adds; the caller merges it over its own environment. */
  readonly env: Readonly<Record<string, string>>;
}

/** The node command line and environment the language host would use. */
export function languageHostLaunch(input: LaunchInput): Launch {
  const { pwd, entryPoint } = programLocation(input.root, input.runtime.main);
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(input.config)) {
    const at = key.indexOf(":");
    config[at < 0 ? key : `${key.slice(0, at)}:config:${key.slice(at + 1)}`] = value;
  }
  const env: Record<string, string> = {
    PULUMI_CONFIG: JSON.stringify(config),
    PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(input.secretKeys),
  };
  if (input.runtime.typescript) env["PULUMI_NODEJS_TYPESCRIPT"] = "true";
  if (input.runtime.tsconfig) env["PULUMI_NODEJS_TSCONFIG_PATH"] = input.runtime.tsconfig;
  const args = [
    ...input.runtime.nodeargs,
    input.runPath,
    ...["--monitor", input.monitorAddress, "--engine", input.engineAddress],
    ...["--project", input.project, "--root-directory", input.root, "--stack", input.stack],
    ...["--pwd", pwd],
    ...(input.dryRun ? ["--dry-run"] : []),
    ...["--parallel", String(input.parallel), entryPoint],
  ];
  return { cwd: pwd, args, env };
}

/** Splits `nodeargs` as a POSIX shell would (quotes and backslashes), as the host's shlex does. */
export function splitArgs(text: string, file = "Pulumi.yaml"): string[] {
  const args: string[] = [];
  let word = "";
  /** A word has begun (`''` is an empty word, not none). */
  let started = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    const next = text.charAt(i + 1);
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === "\\" && next !== "" && '"\\$`'.includes(next)) word += text.charAt(++i);
      else word += c;
    } else if (/\s/.test(c)) {
      if (started) args.push(word);
      word = "";
      started = false;
    } else {
      started = true;
      if (c === "'" || c === '"') quote = c;
      else if (c === "\\" && next !== "") word += text.charAt(++i);
      else word += c;
    }
  }
  if (quote) throw new ProjectFileError(`${file}: runtime option nodeargs has an unclosed ${quote} quote`);
  if (started) args.push(word);
  return args;
}
