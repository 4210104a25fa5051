/**
 * The layout is the architecture, so it is tested like code. Imports are read with TypeScript's
 * own pre-processor (no regular expressions; type-only imports count), what loading a module
 * loads from esbuild's own account of the bundle, and both are checked against the one-way data flow:
 * config → settings → environment → outputs, with reports and policy as pure readers.
 * - no folder under src/ imports from a folder that imports it back (at the level of src/<area>
 *   and src/environment/<part>);
 * - src/model imports nothing; src/config never imports the environment's parts; src/policy
 *   imports only model (the pack loads it from outside the project);
 * - reports never reach Pulumi resources or the capture harness, directly or through anything
 *   they import;
 * - the command line loads a command's module only when that command runs, `diff` (which only
 *   compares JSON files) never loads the Pulumi SDK, and `plan` never loads prettier: loading
 *   packages is most of a command's start-up.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, test } from "node:test";
import { buildSync, version as esbuildVersion } from "esbuild";
import type * as TypeScript from "typescript";

const SRC = resolve(__dirname, "../src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts"))
    .map((f) => join(dir, f));
}

type Imports = { files: string[]; packages: string[] };

/** file (relative to src/) → the files and packages it imports, type-only imports included. */
function importGraph(sources: ReadonlyMap<string, string>): Map<string, Imports> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when the graphs are read afresh (readGraphs): ~0.3 s
  const ts = require("typescript") as typeof TypeScript;
  const graph = new Map<string, Imports>();
  for (const [file, text] of sources) {
    const info = ts.preProcessFile(text, true, true);
    const files: string[] = [];
    const packages: string[] = [];
    for (const ref of info.importedFiles) {
      if (!ref.fileName.startsWith(".")) {
        packages.push(ref.fileName);
        continue;
      }
      const target = resolve(dirname(file), ref.fileName);
      const candidates = [`${target}.ts`, join(target, "index.ts"), target];
      const found = candidates.find((c) => sources.has(c));
      if (found) files.push(relative(SRC, found));
    }
    graph.set(relative(SRC, file), { files, packages });
  }
  return graph;
}

/**
 * The files and packages each module loads when it is loaded: every module under src/ bundled in
 * one esbuild call, whose metafile lists each file's imports as esbuild keeps them. So the imports
 * it drops (type-only ones, and names used only as types) are dropped here too, and `import()`
 * calls (evaluated when called, not when loaded) are not counted.
 */
function eagerGraph(files: readonly string[]): Map<string, Imports> {
  const { metafile } = buildSync({
    stdin: {
      contents: files.map((file) => `import ${JSON.stringify(`./${file}`)};`).join("\n"),
      resolveDir: SRC,
      loader: "ts",
    },
    absWorkingDir: SRC,
    bundle: true,
    packages: "external",
    platform: "node",
    format: "esm",
    metafile: true,
    write: false,
    logLevel: "silent",
  });
  return new Map(
    Object.entries(metafile.inputs).map(([file, { imports }]) => {
      const eager = imports.filter((i) => i.kind !== "dynamic-import");
      return [
        file,
        {
          files: eager.filter((i) => !i.external).map((i) => i.path),
          packages: eager.filter((i) => i.external).map((i) => i.path),
        },
      ];
    }),
  );
}

/** Where the last graphs read are kept, with the key of what they were read from. */
const GRAPHS_CACHE = resolve(__dirname, "../node_modules/.cache/infra-architecture/graphs.json");

/**
 * Both graphs. They depend only on src/'s files, this test's own code and the versions of
 * TypeScript and esbuild that read them, so they are kept under a hash of all of those and read
 * afresh when any of them changes: loading TypeScript, scanning ~180 files and bundling src/ was
 * ~0.8 s of the unit tests' process on every run, for the same answer.
 */
function readGraphs(): { graph: Map<string, Imports>; compiled: Map<string, Imports> } {
  const sources = new Map(sourceFiles(SRC).map((file) => [file, readFileSync(file, "utf8")]));
  const hash = createHash("sha256");
  const typescriptVersion = (
    JSON.parse(readFileSync(require.resolve("typescript/package.json"), "utf8")) as { version: string }
  ).version;
  hash.update(
    `typescript ${typescriptVersion}\0esbuild ${esbuildVersion}\0${readFileSync(__filename, "utf8")}`,
  );
  for (const [file, text] of [...sources].sort(([a], [b]) => a.localeCompare(b))) {
    hash.update(`\0${relative(SRC, file)}\0${text}`);
  }
  const key = hash.digest("hex");
  try {
    const kept = JSON.parse(readFileSync(GRAPHS_CACHE, "utf8")) as {
      key: string;
      graph: [string, Imports][];
      compiled: [string, Imports][];
    };
    if (kept.key === key) return { graph: new Map(kept.graph), compiled: new Map(kept.compiled) };
  } catch {
    // Not kept yet, or unreadable: read afresh.
  }
  const graph = importGraph(sources);
  const compiled = eagerGraph([...graph.keys()]);
  try {
    mkdirSync(dirname(GRAPHS_CACHE), { recursive: true });
    const temporary = `${GRAPHS_CACHE}.${process.pid}`;
    writeFileSync(temporary, JSON.stringify({ key, graph: [...graph], compiled: [...compiled] }));
    renameSync(temporary, GRAPHS_CACHE);
  } catch {
    // A read-only checkout: the next run reads afresh.
  }
  return { graph, compiled };
}

/**
 * src/<area>, or src/environment/<part> for the environment's parts. The component
 * (environment.ts) composes the parts; the other files beside it (the Scope every part builds
 * on, the tags) are the parts' shared kernel, so they count as their own folder.
 */
export function folderOf(file: string): string {
  const parts = file.split("/");
  if (parts.length === 1) return "(root)";
  if (parts[0] === "environment") {
    if (parts.length > 2) return `environment/${parts[1]}`;
    return parts[1] === "environment.ts" ? "environment" : "environment/(kernel)";
  }
  return parts[0]!;
}

/** Pairs of folders that import each other, directly or through a chain of folders. */
export function folderCycles(edges: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const reach = (from: string): Set<string> => {
    const seen = new Set<string>();
    const stack = [...(edges.get(from) ?? [])];
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...(edges.get(next) ?? []));
    }
    return seen;
  };
  const cycles: string[] = [];
  for (const from of edges.keys()) {
    for (const to of edges.get(from) ?? []) {
      if (to !== from && reach(to).has(from)) cycles.push(`${from} → ${to} → … → ${from}`);
    }
  }
  return cycles.sort();
}

const { graph, compiled } = readGraphs();
const folderEdges = new Map<string, Set<string>>();
for (const [file, { files }] of graph) {
  const from = folderOf(file);
  if (!folderEdges.has(from)) folderEdges.set(from, new Set());
  for (const target of files) {
    const to = folderOf(target);
    if (to !== from) folderEdges.get(from)!.add(to);
  }
}

/** Does `file` reach a Pulumi package, through any chain of project imports? */
function reachesPulumi(file: string, seen = new Set<string>()): string | undefined {
  if (seen.has(file)) return undefined;
  seen.add(file);
  const node = graph.get(file);
  if (!node) return undefined;
  if (node.packages.some((p) => p.startsWith("@pulumi/"))) return file;
  for (const next of node.files) {
    const found = reachesPulumi(next, seen);
    if (found) return `${file} → ${found}`;
  }
  return undefined;
}

/**
 * The modules and packages loading `file` loads (relative to src/), as the compiled command loads
 * them: the imports esbuild (which builds the `infra` bundle) keeps, followed through the
 * project's files (see eagerImports).
 */
export function eagerLoad(file: string): string[] {
  const loaded = new Set<string>();
  const visit = (path: string) => {
    if (loaded.has(path)) return;
    loaded.add(path);
    const { files, packages } = eagerImports(path);
    for (const name of packages) loaded.add(name);
    for (const next of files) visit(next);
  };
  visit(file);
  return [...loaded].sort();
}

/** What loading `path` loads directly (see eagerGraph). */
function eagerImports(path: string): Imports {
  return compiled.get(path) ?? { files: [], packages: [] };
}

const importsOf = (folder: string) =>
  [...graph].filter(([file]) => folderOf(file) === folder || file.startsWith(`${folder}/`));

describe("architecture: the layout is the data flow", () => {
  test("no folder imports from a folder that imports it back", () => {
    assert.deepEqual(folderCycles(folderEdges), []);
  });

  test("the cycle check can fail", () => {
    const edges = new Map([
      ["config", new Set(["model", "environment/app"])],
      ["environment/app", new Set(["config"])],
      ["model", new Set<string>()],
    ]);
    assert.deepEqual(folderCycles(edges), [
      "config → environment/app → … → config",
      "environment/app → config → … → environment/app",
    ]);
  });

  test("src/model imports nothing outside itself", () => {
    const outside = importsOf("model").flatMap(([file, node]) => [
      ...node.files.filter((f) => !f.startsWith("model/")).map((f) => `${file} → ${f}`),
      ...node.packages.map((p) => `${file} → ${p}`),
    ]);
    assert.deepEqual(outside, []);
  });

  test("src/config never imports the environment's parts, the plan harness or the reports", () => {
    const bad = importsOf("config").flatMap(([file, node]) =>
      node.files.filter((f) => /^(environment|plan|reports|cli)\//.test(f)).map((f) => `${file} → ${f}`),
    );
    assert.deepEqual(bad, []);
  });

  test("src/policy imports only src/model and itself (the pack loads it from outside)", () => {
    const bad = importsOf("policy").flatMap(([file, node]) =>
      node.files.filter((f) => !/^(model|policy)\//.test(f)).map((f) => `${file} → ${f}`),
    );
    assert.deepEqual(bad, []);
  });

  test("reports never reach Pulumi resources or the capture harness", () => {
    const bad = importsOf("reports")
      .map(([file]) => reachesPulumi(file))
      .filter((chain): chain is string => chain !== undefined);
    assert.deepEqual(bad, []);
  });

  test("the command line loads no command before it runs, and diff never loads the Pulumi SDK", () => {
    const commands = ["plan", "watch", "diff", "cost", "generate", "promote", "sanitize"];
    assert.deepEqual(
      eagerLoad("cli/index.ts").filter(
        (m) => commands.some((c) => m === `cli/${c}.ts`) || /^(@pulumi\/|prettier$|pg$)/.test(m),
      ),
      [],
    );
    assert.deepEqual(
      eagerLoad("cli/diff.ts").filter((m) => m.startsWith("@pulumi/")),
      [],
    );
    // `plan` writes plans and cost reports; prettier formats only the generated docs.
    assert.ok(!eagerLoad("cli/plan.ts").includes("prettier"));
  });

  test("the load check sees through chains of imports", () => {
    // artifact/capture.ts loads the SDK only through plan/capture.ts: the walk must follow the chain.
    assert.ok(eagerLoad("artifact/capture.ts").includes("@pulumi/pulumi"));
    assert.ok(!eagerLoad("cli/plan.ts").includes("cli/index.ts"));
    // stack-views.ts imports the capture harness with import(), when a plan is asked for.
    assert.ok(!eagerLoad("plan/stack-views.ts").includes("@pulumi/pulumi"));
  });

  test("every module under src/ opens with a comment saying what it is for", () => {
    const bare = sourceFiles(SRC)
      .filter((file) => !/^(#![^\n]*\n)?\s*(\/\*\*|\/\/)/.test(readFileSync(file, "utf8")))
      .map((file) => relative(SRC, file));
    assert.deepEqual(bare, []);
  });
});
