/**
 * src/plan/language-host.ts: the command line and environment `pulumi preview` gives this program,
 * worked out from Pulumi.yaml as the Pulumi CLI (`getPwdMain`) and pulumi-language-nodejs
 * (`parseOptions`, `constructArguments`) do it. `infra runtime-check` runs what this returns.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, describe, test } from "node:test";
import {
  languageHostLaunch,
  ProjectFileError,
  programLocation,
  readProjectRuntime,
  splitArgs,
} from "../../src/plan/language-host";

const ROOT = resolve(__dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "language-host-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function project(yaml: string): string {
  const projectDir = mkdtempSync(join(dir, "p-"));
  writeFileSync(join(projectDir, "Pulumi.yaml"), yaml);
  return projectDir;
}

const input = (root: string, main?: string) => ({
  root,
  runtime: { name: "nodejs", main, typescript: false, nodeargs: [] },
  runPath: "/sdk/cmd/run",
  monitorAddress: "127.0.0.1:1",
  engineAddress: "127.0.0.1:2",
  project: "infra",
  stack: "dev",
  config: { "infra:network": '{"cidr":"10.0.0.0/16"}', "aws:region": "us-east-1" },
  secretKeys: ["infra:token"],
  dryRun: true,
  parallel: 32,
});

describe("this project's Pulumi.yaml", () => {
  test("runs compiled JavaScript: typescript is off, so Pulumi registers no ts-node", () => {
    const runtime = readProjectRuntime(ROOT);
    assert.equal(runtime.typescript, false);
    assert.equal(runtime.main, undefined, "no `main`: the program directory is the project's, cwd included");
    const launch = languageHostLaunch({ ...input(ROOT), runtime });
    assert.equal(launch.env["PULUMI_NODEJS_TYPESCRIPT"], undefined);
    assert.equal(launch.cwd, ROOT);
    assert.equal(launch.args.at(-1), ".", "the entry point is package.json's main");
  });

  test("the artifact project runs its compiled entry from its own folder, which it reads as its project", () => {
    const runtime = readProjectRuntime(join(ROOT, "artifact"));
    const launch = languageHostLaunch({ ...input(join(ROOT, "artifact")), runtime });
    assert.equal(launch.env["PULUMI_NODEJS_TYPESCRIPT"], undefined);
    assert.deepEqual([launch.cwd, launch.args.at(-1)], [join(ROOT, "artifact"), "pulumi-main.js"]);
  });
});

describe("the language host's command line and environment", () => {
  test("flags in the host's order, the stack's config with keys written <namespace>:config:<name>", () => {
    const launch = languageHostLaunch(input("/p"));
    assert.deepEqual(launch.args, [
      "/sdk/cmd/run",
      ...["--monitor", "127.0.0.1:1", "--engine", "127.0.0.1:2"],
      ...["--project", "infra", "--root-directory", "/p", "--stack", "dev", "--pwd", "/p"],
      ...["--dry-run", "--parallel", "32", "."],
    ]);
    assert.deepEqual(JSON.parse(launch.env["PULUMI_CONFIG"] ?? ""), {
      "infra:config:network": '{"cidr":"10.0.0.0/16"}',
      "aws:config:region": "us-east-1",
    });
    assert.deepEqual(JSON.parse(launch.env["PULUMI_CONFIG_SECRET_KEYS"] ?? ""), ["infra:token"]);
  });

  test("`pulumi up` drops --dry-run; typescript, tsconfig and nodeargs reach the process", () => {
    const base = input("/p");
    const launch = languageHostLaunch({
      ...base,
      dryRun: false,
      runtime: {
        ...base.runtime,
        typescript: true,
        tsconfig: "tsconfig.pulumi.json",
        nodeargs: ["--max-old-space-size=4096"],
      },
    });
    assert.ok(!launch.args.includes("--dry-run"));
    assert.equal(launch.args[0], "--max-old-space-size=4096", "node's own flags come before the runner");
    assert.equal(launch.env["PULUMI_NODEJS_TYPESCRIPT"], "true");
    assert.equal(launch.env["PULUMI_NODEJS_TSCONFIG_PATH"], "tsconfig.pulumi.json");
  });
});

describe("where the program runs (Pulumi.yaml main)", () => {
  const root = project("name: x\nruntime: nodejs\n");
  mkdirSync(join(root, "app"));
  writeFileSync(join(root, "app", "main.js"), "");

  test("none: the project folder and its package.json main", () => {
    assert.deepEqual(programLocation(root, undefined), { pwd: root, entryPoint: "." });
  });
  test("a folder becomes the program directory", () => {
    assert.deepEqual(programLocation(root, "app"), { pwd: join(root, "app"), entryPoint: "." });
  });
  test("a file: its folder is the working directory, so process.cwd() moves with it", () => {
    assert.deepEqual(programLocation(root, "app/main.js"), { pwd: join(root, "app"), entryPoint: "main.js" });
  });
  test("refused as Pulumi refuses them: absolute, outside the project, missing", () => {
    assert.throws(() => programLocation(root, "/etc"), /must be a relative path/);
    assert.throws(() => programLocation(root, "../elsewhere"), /must be a subfolder/);
    assert.throws(() => programLocation(root, "nope.js"), /could not be read/);
  });
});

describe("runtime options Pulumi would refuse", () => {
  const cases: [string, RegExp][] = [
    ["runtime: python\n", /runtime is "python"/],
    ["runtime:\n  name: nodejs\n  options:\n    typescript: 'yes'\n", /typescript must be a boolean/],
    ["runtime:\n  name: nodejs\n  options:\n    nodeargs: [--inspect]\n", /nodeargs must be a string/],
    ["runtime:\n  name: nodejs\n  options:\n    tsconfig: 3\n", /tsconfig must be a string/],
    [
      "runtime:\n  name: nodejs\n  options:\n    packagemanager: deno\n",
      /packagemanager is "deno"; Pulumi accepts auto, npm/,
    ],
    ['runtime:\n  name: nodejs\n  options:\n    nodeargs: "--title \'x"\n', /unclosed ' quote/],
  ];
  for (const [yaml, expected] of cases) {
    test(yaml.replace(/\n\s*/g, " ").trim(), () => {
      assert.throws(
        () => readProjectRuntime(project(`name: x\n${yaml}`)),
        (error: unknown) => error instanceof ProjectFileError && expected.test(error.message),
      );
    });
  }
  test("typescript defaults to true, as in the language host", () => {
    assert.equal(readProjectRuntime(project("name: x\nruntime: nodejs\n")).typescript, true);
  });
});

test("nodeargs are split like a shell's words", () => {
  assert.deepEqual(splitArgs(`--a  "b c" 'd "e"' f\\ g --h="i\\"j"`), [
    "--a",
    "b c",
    'd "e"',
    "f g",
    '--h=i"j',
  ]);
  assert.deepEqual(splitArgs("  "), []);
  assert.deepEqual(splitArgs(`''`), [""]);
});
