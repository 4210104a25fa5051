/**
 * `infra diff`: compares offline plans and prints the difference.
 *
 *   infra diff <before.plan.json> <after.plan.json>
 *   infra diff --base <git-ref> [--stack <name>]
 *   options: --format text|markdown (default text), --out <file>
 *
 * With --base, the committed `stacks/<stack>.plan.json` at the ref are compared with the files in
 * the working tree; without --stack, every stack that has a plan file on either side.
 * Exit codes: 0 compared (changes or not), 2 a user mistake (one line on stderr, no stack trace).
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type CostDelta, costDelta } from "../reports/diff/cost-delta";
import { renderMarkdown, renderText } from "../reports/diff/render";
import { diffPlans, parsePlan, PlanInputError, type StackDiff } from "../reports/diff/plan-diff";
import type { Plan } from "../model/plan";
import type { Format } from "./choices";
import { EXIT, type Io, UsageError } from "./io";

export interface DiffOptions {
  /** Two plan files (before, after), or none with `base`. */
  readonly files: readonly string[];
  readonly base?: string;
  readonly stack?: string;
  readonly format: Format;
  readonly out?: string;
}

/** The combinations the parser cannot express: which inputs go together. */
function checkOptions(options: DiffOptions): void {
  const { files } = options;
  if (options.base !== undefined) {
    if (files.length > 0) {
      throw new UsageError(
        `with --base, give no plan files (got ${quoteList(files)}); use --stack to pick one`,
      );
    }
    return;
  }
  if (options.stack !== undefined) throw new UsageError("--stack only applies with --base <git-ref>");
  if (files.length !== 2) {
    const got = files.length === 0 ? "none" : quoteList(files);
    throw new UsageError(`expected two plan files (before, after) or --base <git-ref>; got ${got}`);
  }
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

function git(args: readonly string[], cwd: string, input?: string): Buffer {
  return execFileSync("git", args, {
    cwd,
    input,
    stdio: ["pipe", "pipe", "pipe"],
    // Plans of big stacks run to megabytes; the default 1 MiB buffer would cut them off.
    maxBuffer: 512 * 1024 * 1024,
  });
}

function repoRoot(cwd: string): string {
  try {
    return git(["rev-parse", "--show-toplevel"], cwd).toString("utf8").trim();
  } catch {
    throw new UsageError(`--base needs a git repository, and ${cwd} is not inside one`);
  }
}

/** The commit a ref names; resolved once so every later read sees the same tree. */
function resolveRef(root: string, ref: string): string {
  try {
    return git(["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`], root)
      .toString("utf8")
      .trim();
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

/**
 * The files of stacks/ at a commit, by name: one `git ls-tree` for the listing and one
 * `git cat-file --batch` for every file asked for, rather than a `git show` per file (each git
 * process costs ~10 ms, and the diff of all stacks reads six files).
 */
class TreeAtRef {
  private readonly blobs = new Map<string, string>();

  constructor(
    private readonly root: string,
    commit: string,
  ) {
    const listing = git(["ls-tree", "-z", commit, "--", `${PLAN_DIR}/`], root).toString("utf8");
    for (const entry of listing.split("\0")) {
      // "<mode> blob <object>\t<path>"
      const match = /^\d+ blob ([0-9a-f]+)\t(.+)$/.exec(entry);
      if (match) this.blobs.set(path.posix.basename(match[2]!), match[1]!);
    }
  }

  names(): string[] {
    return [...this.blobs.keys()];
  }

  /** The contents of the named files that exist at the commit (absent ones are left out). */
  read(names: readonly string[]): Map<string, string> {
    const wanted = names.filter((name) => this.blobs.has(name));
    const contents = new Map<string, string>();
    if (wanted.length === 0) return contents;
    const out = git(
      ["cat-file", "--batch"],
      this.root,
      wanted.map((name) => `${this.blobs.get(name)!}\n`).join(""),
    );
    // Each answer: "<object> blob <size>\n<size bytes>\n", in the order asked.
    let at = 0;
    for (const name of wanted) {
      const eol = out.indexOf(0x0a, at);
      const size = Number(out.toString("utf8", at, eol).split(" ")[2]);
      contents.set(name, out.toString("utf8", eol + 1, eol + 1 + size));
      at = eol + 1 + size + 1;
    }
    return contents;
  }
}

function plansInWorkingTree(root: string): string[] {
  const dir = path.join(root, PLAN_DIR);
  return existsSync(dir) ? stackNamesIn(readdirSync(dir), PLAN_FILE) : [];
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

function usageInWorkingTree(root: string, stack: string): string | undefined {
  const file = path.join(root, PLAN_DIR, `${stack}.usage.yaml`);
  return existsSync(file) ? readFileSync(file, "utf8") : undefined;
}

function diffAgainstRef(cwd: string, ref: string, stack?: string): Compared {
  const root = repoRoot(cwd);
  const commit = resolveRef(root, ref);
  const tree = new TreeAtRef(root, commit);
  const atRef = new Set(stackNamesIn(tree.names(), PLAN_FILE));
  const inTree = new Set(plansInWorkingTree(root));
  const stacks = chooseStacks(root, ref, new Set([...atRef, ...inTree]), stack);
  const files = tree.read(stacks.flatMap((name) => [`${name}.plan.json`, `${name}.usage.yaml`]));
  const diffs: StackDiff[] = [];
  const costs = new Map<string, CostDelta>();
  for (const name of stacks) {
    const planFile = `${PLAN_DIR}/${name}.plan.json`;
    const planText = files.get(`${name}.plan.json`);
    const before = planText !== undefined ? parsePlan(planText, `${ref}:${planFile}`) : null;
    const after = inTree.has(name) ? planInWorkingTree(root, name) : null;
    diffs.push(diffPlans(before, after));
    costs.set(
      name,
      costDelta(
        {
          plan: before,
          usageText: files.get(`${name}.usage.yaml`),
          where: `${ref}:${PLAN_DIR}/${name}.usage.yaml`,
        },
        { plan: after, usageText: usageInWorkingTree(root, name), where: `${PLAN_DIR}/${name}.usage.yaml` },
      ),
    );
  }
  return { diffs, costs };
}

// ---------------------------------------------------------------------------------------------

function writeOutput(io: Io, text: string, out?: string): void {
  if (out === undefined) {
    io.stdout(text);
    return;
  }
  try {
    writeFileSync(path.resolve(io.cwd, out), text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      `cannot write --out "${out}": ${String(code)}; give a path in an existing directory`,
    );
  }
}

export function runDiff(options: DiffOptions, io: Io): number {
  checkOptions(options);
  try {
    const { diffs, costs } =
      options.base !== undefined
        ? diffAgainstRef(io.cwd, options.base, options.stack)
        : diffFiles(io.cwd, options.files[0] as string, options.files[1] as string);
    const text =
      options.format === "markdown"
        ? renderMarkdown(diffs, options.base !== undefined ? { baseRef: options.base, costs } : {})
        : renderText(diffs, { costs });
    writeOutput(io, text, options.out);
    return EXIT.ok;
  } catch (error) {
    // A file that is not a plan is the user's mistake, like a missing one.
    if (error instanceof PlanInputError) throw new UsageError(error.message);
    throw error;
  }
}
