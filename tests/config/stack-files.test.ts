/**
 * Stack files Pulumi would read differently, or that leak their neighbours into an error: a YAML
 * mistake is reported as `Pulumi.<stack>.yaml:<line>: <problem>` and nothing else, and a `.yml`
 * twin of a stack file is refused. One case runs the `infra plan` command.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, test } from "node:test";
import { runInfra } from "../../src/cli/index";
import { parseStackYaml, readStackFile, StackFileError } from "../../src/config/stack-files";

const NEIGHBOUR_SECRET = "sk_live_NeighbourLineSecret42";
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "stack-files-"));
  dirs.push(dir);
  writeFileSync(path.join(dir, "Pulumi.yaml"), "name: infra\nruntime: nodejs\n");
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

function problems(dir: string, stack: string): readonly string[] {
  try {
    readStackFile(dir, stack, "infra");
  } catch (error) {
    assert.ok(error instanceof StackFileError, `expected a StackFileError, got ${String(error)}`);
    assert.ok(!error.message.includes(NEIGHBOUR_SECRET), "the message quoted the file");
    return error.lines;
  }
  assert.fail("the stack file was accepted");
}

describe("YAML mistakes in a stack file", () => {
  const cases: [string, string, string[]][] = [
    [
      "a duplicate key",
      `config:\n  infra:tier: dev\n  infra:stripeApiKey: ${NEIGHBOUR_SECRET}\n  infra:tier: prod\n`,
      ["Pulumi.dev.yaml:4: duplicate key (a key appears twice in one mapping; Pulumi would keep only one)"],
    ],
    [
      "tab indentation",
      `config:\n  infra:stripeApiKey: ${NEIGHBOUR_SECRET}\n\tinfra:tier: dev\n`,
      ["Pulumi.dev.yaml:3: tab used for indentation; YAML indents with spaces"],
    ],
    [
      "an unclosed quote",
      `config:\n  infra:stripeApiKey: ${NEIGHBOUR_SECRET}\n  infra:tier: "dev\n`,
      ["Pulumi.dev.yaml:3: missing closing quote or bracket"],
    ],
  ];
  for (const [name, text, expected] of cases) {
    test(name, () => assert.deepEqual(problems(project({ "Pulumi.dev.yaml": text }), "dev"), expected));
  }
});

describe("stack files Pulumi does not read", () => {
  test("a .yml twin of a stack file is refused", () => {
    const dir = project({
      "Pulumi.dev.yaml": "config:\n  infra:tier: dev\n",
      "Pulumi.dev.yml": "config: {}\n",
    });
    assert.deepEqual(problems(dir, "dev"), [
      "Pulumi.dev.yml: Pulumi reads only Pulumi.dev.yaml (the extension of Pulumi.yaml), so this file is ignored by `pulumi up`; rename it to Pulumi.dev.yaml or delete it",
    ]);
  });

  test("a lone .yml stack file is refused too", () => {
    const dir = project({ "Pulumi.qa.yml": "config:\n  infra:tier: dev\n" });
    assert.match(problems(dir, "qa")[0]!, /^Pulumi\.qa\.yml: Pulumi reads only Pulumi\.qa\.yaml/);
  });
});

describe("infra plan on a broken stack file", () => {
  test("prints the file and line, exits non-zero, no stack trace and no file content", async () => {
    const dir = project({
      "Pulumi.dev.yaml": `config:\n  infra:tier: dev\n  infra:stripeApiKey: ${NEIGHBOUR_SECRET}\n  infra:tier: prod\n`,
    });
    let stdout = "";
    let stderr = "";
    const code = await runInfra(["plan", "dev"], {
      cwd: dir,
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
    });
    assert.equal(stdout, "");
    assert.equal(
      stderr,
      "plan: Pulumi.dev.yaml:4: duplicate key (a key appears twice in one mapping; Pulumi would keep only one)\n",
    );
    assert.notEqual(code, 0);
  });
});

describe("stack files are parsed once per text", () => {
  test("the same text gives the same frozen value; an edit is parsed afresh", () => {
    const text = "config:\n  infra:tier: dev\n  infra:network:\n    cidr: 10.9.0.0/16\n";
    const first = parseStackYaml(text, "Pulumi.dev.yaml") as { config: Record<string, unknown> };
    assert.equal(parseStackYaml(text, "Pulumi.dev.yaml"), first);
    // Frozen to the leaves: one reader cannot change what the next one reads.
    assert.ok(Object.isFrozen(first) && Object.isFrozen(first.config["infra:network"]));
    assert.throws(() => {
      (first.config as Record<string, unknown>)["infra:tier"] = "prod";
    }, TypeError);
    const edited = parseStackYaml(text.replace("dev", "prod"), "Pulumi.dev.yaml") as typeof first;
    assert.equal(edited.config["infra:tier"], "prod");
    assert.equal(first.config["infra:tier"], "dev");
  });

  test("a broken text is reported on every read, naming the file it came from", () => {
    const text = "config:\n  infra:tier: dev\n  infra:tier: prod\n";
    for (const file of ["Pulumi.dev.yaml", "Pulumi.qa.yaml"]) {
      assert.throws(
        () => parseStackYaml(text, file),
        (e: unknown) => e instanceof StackFileError && e.lines[0]!.startsWith(`${file}:3: duplicate key`),
      );
    }
  });
});
