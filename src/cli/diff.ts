/**
 * Compares offline plans and prints the difference.
 *
 *   npm run diff -- <before.plan.json> <after.plan.json>
 *   npm run diff -- --base <git-ref> [--stack <name>]
 *   options: --format text|markdown (default text), --out <file>
 *
 * With --base, the committed `stacks/<stack>.plan.json` at the ref are compared with the files in
 * the working tree; without --stack, every stack that has a plan file on either side.
 * Exit codes: 0 compared (changes or not), 2 a user mistake (one line on stderr, no stack trace).
 *
 * `runDiffCli` is exported so tests can drive every argument path without a process per case.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type CostDelta, costDelta } from "../reports/diff/cost-delta";
import { renderMarkdown, renderText } from "../reports/diff/render";
import { diffPlans, parsePlan, PlanInputError, type StackDiff } from "../reports/diff/plan-diff";
import type { Plan } from "../model/plan";

const USAGE = [
  "usage: npm run diff -- <before.plan.json> <after.plan.json> [--format text|markdown] [--out <file>]",
  "       npm run diff -- --base <git-ref> [--stack <name>] [--format text|markdown] [--out <file>]",
].join("\n");

const FORMATS = ["text", "markdown"] as const;
type Format = (typeof FORMATS)[number];

/** What each option expects, quoted in the error when its value is missing. */
const VALUE_OPTIONS: Record<string, string> = {
  base: "a git ref, e.g. origin/main",
  stack: "a stack name, e.g. dev",
  format: "text or markdown",
  out: "a file path",
};

const ALLOWED_OPTIONS = "--base <git-ref>, --stack <name>, --format text|markdown, --out <file>, --help";

/** A mistake in how the tool was called: reported as one line, exit code 2. */
class UsageError extends Error {}

interface Args {
  readonly files: readonly string[];
  readonly base?: string;
  readonly stack?: string;
  readonly format: Format;
  readonly out?: string;
  readonly help: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const files: string[] = [];
  const values: Record<string, string> = {};
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--help" || arg === "-h") {
      help = true;
      continue;
    }
    if (!arg.startsWith("-") || arg === "-") {
      files.push(arg);
      continue;
    }
    const [flag, inline] = splitOption(arg);
    const expected = VALUE_OPTIONS[flag];
    if (expected === undefined) throw new UsageError(`unknown option "${arg}"; allowed: ${ALLOWED_OPTIONS}`);
    if (values[flag] !== undefined) throw new UsageError(`--${flag} was given twice; give it once`);
    const value = inline ?? argv[++i];
    if (value === undefined || value === "" || (inline === undefined && value.startsWith("--"))) {
      throw new UsageError(`--${flag} needs a value: ${expected}`);
    }
    values[flag] = value;
  }
  return checkArgs(files, values, help);
}

/** `--base=main` → ["base", "main"]; `--base` → ["base", undefined]. */
function splitOption(arg: string): [string, string | undefined] {
  const body = arg.replace(/^--?/, "");
  const eq = body.indexOf("=");
  return eq < 0 ? [body, undefined] : [body.slice(0, eq), body.slice(eq + 1)];
}

function checkArgs(files: readonly string[], values: Record<string, string>, help: boolean): Args {
  const format = values["format"] ?? "text";
  if (!isFormat(format)) throw new UsageError(`--format "${format}" is not allowed; use text or markdown`);
  const args = { files, format, help, base: values["base"], stack: values["stack"], out: values["out"] };
  if (help) return args;
  if (args.base !== undefined) {
    if (files.length > 0) {
      throw new UsageError(
        `with --base, give no plan files (got ${quoteList(files)}); use --stack to pick one`,
      );
    }
    return args;
  }
  if (args.stack !== undefined) throw new UsageError("--stack only applies with --base <git-ref>");
  if (files.length !== 2) {
    const got = files.length === 0 ? "none" : quoteList(files);
    throw new UsageError(`expected two plan files (before, after) or --base <git-ref>; got ${got}`);
  }
  return args;
}

function isFormat(value: string): value is Format {
  return (FORMATS as readonly string[]).includes(value);
}

function quoteList(items: readonly string[]): string {
  return items.map((item) => `"${item}"`).join(", ");
}

// ---------------------------------------------------------------------------------------------
// Plans from files

function readPlanFile(cwd: string, file: string, role: string): Plan {
  let text: string;
  try {
    text = readFileSync(path.resolve(cwd, file), "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : String(code);
    throw new UsageError(`cannot read the ${role} plan "${file}": ${why}; give a path to a .plan.json file`);
  }
  return parsePlan(text, `"${file}"`);
}

interface Compared {
  readonly diffs: StackDiff[];
  /** Monthly cost per stack before and after; only when comparing against a git ref. */
  readonly costs?: ReadonlyMap<string, CostDelta>;
}

function diffFiles(cwd: string, before: string, after: string): Compared {
  return { diffs: [diffPlans(readPlanFile(cwd, before, "before"), readPlanFile(cwd, after, "after"))] };
}

// ---------------------------------------------------------------------------------------------
// Plans at a git ref against the working tree

const PLAN_DIR = "stacks";
const PLAN_FILE = /^(.+)\.plan\.json$/;
const STACK_FILE = /^Pulumi\.(.+)\.ya?ml$/;

function git(args: readonly string[], cwd: string): string {
  return execFileSync("git", args, {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    // Plans of big stacks run to megabytes; the default 1 MiB buffer would cut them off.
    maxBuffer: 512 * 1024 * 1024,
  });
}

function repoRoot(cwd: string): string {
  try {
    return git(["rev-parse", "--show-toplevel"], cwd).trim();
  } catch {
    throw new UsageError(`--base needs a git repository, and ${cwd} is not inside one`);
  }
}

/** The commit a ref names; resolved once so every later read sees the same tree. */
function resolveRef(root: string, ref: string): string {
  try {
    return git(["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`], root).trim();
  } catch {
    throw new UsageError(
      `unknown git ref "${ref}"; give a branch, tag or commit of this repository (e.g. main, origin/main, HEAD~1)`,
    );
  }
}

function stackNamesIn(fileNames: readonly string[], pattern: RegExp): string[] {
  return fileNames
    .map((name) => pattern.exec(name)?.[1])
    .filter((name): name is string => name !== undefined);
}

function plansAtRef(root: string, commit: string): string[] {
  const listing = git(["ls-tree", "--name-only", commit, "--", `${PLAN_DIR}/`], root);
  return stackNamesIn(
    listing.split("\n").map((line) => path.posix.basename(line)),
    PLAN_FILE,
  );
}

function plansInWorkingTree(root: string): string[] {
  const dir = path.join(root, PLAN_DIR);
  return existsSync(dir) ? stackNamesIn(readdirSync(dir), PLAN_FILE) : [];
}

function planAtRef(root: string, commit: string, ref: string, stack: string): Plan {
  const file = `${PLAN_DIR}/${stack}.plan.json`;
  return parsePlan(git(["show", `${commit}:${file}`], root), `${ref}:${file}`);
}

function planInWorkingTree(root: string, stack: string): Plan {
  const file = `${PLAN_DIR}/${stack}.plan.json`;
  return parsePlan(readFileSync(path.join(root, file), "utf8"), file);
}

/** The stacks to compare: the one asked for (checked), or every stack with a plan on either side. */
function chooseStacks(root: string, ref: string, withPlans: ReadonlySet<string>, wanted?: string): string[] {
  if (wanted === undefined) {
    if (withPlans.size === 0) {
      throw new UsageError(
        `no ${PLAN_DIR}/*.plan.json at "${ref}" or in the working tree; run npm run plan first`,
      );
    }
    return [...withPlans].sort();
  }
  if (withPlans.has(wanted)) return [wanted];
  const known = new Set([...withPlans, ...stackNamesIn(readdirSync(root), STACK_FILE)]);
  if (known.has(wanted)) {
    throw new UsageError(
      `stack "${wanted}" has no plan file at "${ref}" or in the working tree; run npm run plan`,
    );
  }
  const list = [...known].sort().join(", ") || "none";
  throw new UsageError(`unknown stack "${wanted}"; known stacks: ${list}`);
}

/** A stack's usage file at the ref, or undefined when it has none there. */
function usageAtRef(root: string, commit: string, stack: string): string | undefined {
  try {
    return git(["show", `${commit}:${PLAN_DIR}/${stack}.usage.yaml`], root);
  } catch {
    return undefined;
  }
}

function usageInWorkingTree(root: string, stack: string): string | undefined {
  const file = path.join(root, PLAN_DIR, `${stack}.usage.yaml`);
  return existsSync(file) ? readFileSync(file, "utf8") : undefined;
}

function diffAgainstRef(cwd: string, ref: string, stack?: string): Compared {
  const root = repoRoot(cwd);
  const commit = resolveRef(root, ref);
  const atRef = new Set(plansAtRef(root, commit));
  const inTree = new Set(plansInWorkingTree(root));
  const stacks = chooseStacks(root, ref, new Set([...atRef, ...inTree]), stack);
  const diffs: StackDiff[] = [];
  const costs = new Map<string, CostDelta>();
  for (const name of stacks) {
    const before = atRef.has(name) ? planAtRef(root, commit, ref, name) : null;
    const after = inTree.has(name) ? planInWorkingTree(root, name) : null;
    diffs.push(diffPlans(before, after));
    costs.set(
      name,
      costDelta(
        {
          plan: before,
          usageText: usageAtRef(root, commit, name),
          where: `${ref}:${PLAN_DIR}/${name}.usage.yaml`,
        },
        { plan: after, usageText: usageInWorkingTree(root, name), where: `${PLAN_DIR}/${name}.usage.yaml` },
      ),
    );
  }
  return { diffs, costs };
}

// ---------------------------------------------------------------------------------------------

/** Where the CLI runs and writes: the real process, or a test's capture. */
export interface CliContext {
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

function writeOutput(context: CliContext, text: string, out?: string): void {
  if (out === undefined) {
    context.stdout(text);
    return;
  }
  try {
    writeFileSync(path.resolve(context.cwd, out), text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      `cannot write --out "${out}": ${String(code)}; give a path in an existing directory`,
    );
  }
}

function run(argv: readonly string[], context: CliContext): void {
  const args = parseArgs(argv);
  if (args.help) {
    context.stdout(`${USAGE}\n`);
    return;
  }
  const { diffs, costs } =
    args.base !== undefined
      ? diffAgainstRef(context.cwd, args.base, args.stack)
      : diffFiles(context.cwd, args.files[0] as string, args.files[1] as string);
  const text =
    args.format === "markdown"
      ? renderMarkdown(diffs, args.base !== undefined ? { baseRef: args.base, costs } : {})
      : renderText(diffs, { costs });
  writeOutput(context, text, args.out);
}

/**
 * Runs the CLI and returns its exit code. The one place errors are caught: a user mistake is one
 * line on stderr and exit 2; anything else is a bug and propagates with its stack trace.
 */
export function runDiffCli(argv: readonly string[], context: CliContext): number {
  try {
    run(argv, context);
    return 0;
  } catch (error) {
    if (!(error instanceof UsageError || error instanceof PlanInputError)) throw error;
    context.stderr(`diff: ${error.message}\n`);
    return 2;
  }
}

if (require.main === module) {
  process.exitCode = runDiffCli(process.argv.slice(2), {
    cwd: process.cwd(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  });
}
