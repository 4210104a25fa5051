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
import { execFileSync, spawnSync } from "node:child_process";
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

/**
 * The repository's top folder and the commit a ref names, from one `git rev-parse`. The commit
 * is resolved once, so every later read sees the same tree. Outside a repository git prints
 * nothing; inside one it prints the top folder before it fails on an unknown ref.
 */
function resolveBase(cwd: string, ref: string): { root: string; commit: string } {
  const run = spawnSync(
    "git",
    ["rev-parse", "--show-toplevel", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`],
    { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
  );
  const [root, commit] = (run.stdout ?? "").split("\n");
  if (!root) throw new UsageError(`--base needs a git repository, and ${cwd} is not inside one`);
  if (run.status !== 0 || !commit) {
    throw new UsageError(
      `unknown git ref "${ref}"; give a branch, tag or commit of this repository (e.g. main, origin/main, HEAD~1)`,
    );
  }
  return { root, commit };
}

function stackNamesIn(fileNames: readonly string[], pattern: RegExp): string[] {
  return fileNames
    .map((name) => pattern.exec(name)?.[1])
    .filter((name): name is string => name !== undefined);
}

/** A git object as `git cat-file --batch` answers it; undefined when there is no such object. */
interface GitObject {
  readonly type: string;
  readonly data: Buffer;
}

/**
 * The objects named, in one `git cat-file --batch` (each git process costs ~10 ms). Each answer
 * is `<object> <type> <size>\n<size bytes>\n`, or `<name> missing\n` (or `ambiguous`), in the
 * order asked.
 */
function catFiles(root: string, names: readonly string[]): (GitObject | undefined)[] {
  const out = execFileSync("git", ["cat-file", "--batch"], {
    cwd: root,
    input: names.map((name) => `${name}\n`).join(""),
    stdio: ["pipe", "pipe", "pipe"],
    // Plans of big stacks run to megabytes; the default 1 MiB buffer would cut them off.
    maxBuffer: 512 * 1024 * 1024,
  });
  let at = 0;
  return names.map(() => {
    const eol = out.indexOf(0x0a, at);
    const header = /^[0-9a-f]+ ([a-z]+) (\d+)$/.exec(out.toString("utf8", at, eol));
    if (!header) {
      at = eol + 1;
      return undefined;
    }
    const size = Number(header[2]);
    at = eol + 1 + size + 1;
    return { type: header[1]!, data: out.subarray(eol + 1, eol + 1 + size) };
  });
}

/**
 * The blob entries of a raw tree object: `<mode> <name>\0<hash>` each, the hash binary (20 bytes
 * for SHA-1, 32 for SHA-256), by name. Folders (mode 40000) and submodules (160000) are not files.
 */
function treeEntries(tree: Buffer, hashBytes: number): Map<string, string> {
  const entries = new Map<string, string>();
  let at = 0;
  while (at < tree.length) {
    const space = tree.indexOf(0x20, at);
    const nul = tree.indexOf(0x00, space);
    if (space < 0 || nul < 0) break; // not a tree git writes; read no further
    const mode = tree.toString("latin1", at, space);
    if (!mode.startsWith("4") && mode !== "160000") {
      entries.set(tree.toString("utf8", space + 1, nul), tree.toString("hex", nul + 1, nul + 1 + hashBytes));
    }
    at = nul + 1 + hashBytes;
  }
  return entries;
}

/**
 * The files of stacks/ at a commit, by name. One `git cat-file --batch` reads the folder's
 * listing together with the files the working tree suggests (its stacks' plans and usage files),
 * so the usual diff of all stacks runs two git processes in all (with resolveBase); a file only
 * the commit has (a removed stack's) costs one more.
 */
class TreeAtRef {
  /** Object id of each file of stacks/ at the commit. */
  private readonly blobs: ReadonlyMap<string, string>;
  private readonly fetched = new Map<string, string>();

  constructor(
    private readonly root: string,
    commit: string,
    suggested: readonly string[],
  ) {
    // A line of the batch names one object: a name with a line break is read later, by its id.
    const likely = suggested.filter((name) => !name.includes("\n"));
    const [dir, ...files] = catFiles(root, [
      `${commit}:${PLAN_DIR}`,
      ...likely.map((name) => `${commit}:${PLAN_DIR}/${name}`),
    ]);
    this.blobs = dir?.type === "tree" ? treeEntries(dir.data, commit.length / 2) : new Map();
    likely.forEach((name, i) => {
      const file = files[i];
      if (this.blobs.has(name) && file?.type === "blob") this.fetched.set(name, file.data.toString("utf8"));
    });
  }

  names(): string[] {
    return [...this.blobs.keys()];
  }

  /** The contents of the named files that exist at the commit (absent ones are left out). */
  read(names: readonly string[]): Map<string, string> {
    const missing = names.filter((name) => this.blobs.has(name) && !this.fetched.has(name));
    if (missing.length > 0) {
      catFiles(
        this.root,
        missing.map((name) => this.blobs.get(name)!),
      ).forEach((file, i) => file && this.fetched.set(missing[i]!, file.data.toString("utf8")));
    }
    const contents = new Map<string, string>();
    for (const name of names) {
      const text = this.fetched.get(name);
      if (text !== undefined) contents.set(name, text);
    }
    return contents;
  }
}

function plansInWorkingTree(root: string): string[] {
  const dir = path.join(root, PLAN_DIR);
  if (!existsSync(dir)) return [];
  // Files only: a folder named like a plan is no plan (reading it failed with EISDIR).
  const files = readdirSync(dir, { withFileTypes: true }).filter((entry) => !entry.isDirectory());
  return stackNamesIn(
    files.map((entry) => entry.name),
    PLAN_FILE,
  );
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

/** A stack's files in stacks/: what the diff reads of it at the ref. */
const stackFiles = (name: string) => [`${name}.plan.json`, `${name}.usage.yaml`];

function diffAgainstRef(cwd: string, ref: string, stack?: string): Compared {
  const { root, commit } = resolveBase(cwd, ref);
  const inTree = new Set(plansInWorkingTree(root));
  const tree = new TreeAtRef(root, commit, (stack !== undefined ? [stack] : [...inTree]).flatMap(stackFiles));
  const atRef = new Set(stackNamesIn(tree.names(), PLAN_FILE));
  const stacks = chooseStacks(root, ref, new Set([...atRef, ...inTree]), stack);
  const files = tree.read(stacks.flatMap(stackFiles));
  const diffs: StackDiff[] = [];
  const costs = new Map<string, CostDelta>();
  for (const name of stacks) {
    const planFile = `${PLAN_DIR}/${name}.plan.json`;
    const beforeText = files.get(`${name}.plan.json`);
    const afterText = inTree.has(name) ? readFileSync(path.join(root, planFile), "utf8") : undefined;
    const before = beforeText !== undefined ? parsePlan(beforeText, `${ref}:${planFile}`) : null;
    // An unchanged plan is read once, and both sides share it (costDelta then prices it once).
    const after =
      afterText === undefined ? null : afterText === beforeText ? before : parsePlan(afterText, planFile);
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
