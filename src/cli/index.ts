#!/usr/bin/env node
/**
 * `infra`: the project's one command. Each subcommand only parses its options (commander) and
 * calls a tested function with an `Io`; this file is the one top-level catch: a user mistake is
 * one line on stderr and exit 2 (exit 1 for a program the config stops, or a failed check), a bug
 * keeps its stack trace. Importing it runs nothing, so tests drive `runInfra` in-process.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { ProgramFailure } from "../plan/program-failure";
import { FORMATS, type Format, GROUPS, type Group } from "./choices";
import { userMessage } from "./user-errors";
import { EXIT, type Io, processIo, UsageError } from "./io";

// Each command's module is imported when that command runs, not before: `diff` compares two JSON
// files and must not pay for loading the Pulumi SDK, the AWS provider and prettier (~1 s), which
// only the commands that run the program need. The bundle keeps every module, evaluated lazily.

/** The warm loop reloads the program from this module (the bundle's entry) to get fresh code. */
export async function replan(dir: string, stack: string): Promise<{ text: string; ms: number }> {
  return (await import("./watch")).replan(dir, stack);
}

/** An option that may be given once: a second value is a mistake, not a silent override. */
function once(name: string) {
  return (value: string, previous: string | undefined): string => {
    if (previous !== undefined) throw new InvalidArgumentError(`--${name} was given twice; give it once`);
    return value;
  };
}

function groups(value: string, previous: Group[] = []): Group[] {
  if (!(GROUPS as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`"${value}" is not a group; use one of ${GROUPS.join(", ")}`);
  }
  return [...previous, value as Group];
}

const example = (...lines: string[]) => `\nExamples:\n${lines.map((l) => `  $ ${l}`).join("\n")}\n`;

/** The command tree, writing through `io`; `exitCode` receives what the action returned. */
export function buildProgram(io: Io, exitCode: { value: number }): Command {
  const program = new Command("infra")
    .description("dev, staging and prod on AWS from one Pulumi component: offline plans, diffs, reports")
    .showSuggestionAfterError(true)
    .addHelpText("after", example("infra plan dev", "infra diff --base origin/main", "infra check"));
  // Every command writes through io and reports its mistakes as exceptions (exit code 2 below).
  const configure = (command: Command): Command =>
    command.exitOverride().configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      outputError: () => undefined,
    });
  const done = (code: number) => {
    exitCode.value = code;
  };

  configure(program);
  configure(
    program
      .command("plan")
      .description(
        "the offline plan of stacks: printed as a tree, written to stacks/<stack>.plan.json with its cost",
      )
      .argument("[stacks...]", "stack names (each has a Pulumi.<stack>.yaml)")
      .option("--all", "every stack file")
      .option("--check", "write nothing; fail if a committed plan or cost report is stale")
      .option("-q, --quiet", "no tree, only what was written")
      .option(
        "--watch",
        "stay running: re-plan on every save of a stack file or source file, print the diff against the committed plan",
      )
      .addHelpText("after", example("infra plan dev", "infra plan --all --check", "infra plan prod --watch"))
      .action(
        async (stacks: string[], o: { all?: boolean; check?: boolean; quiet?: boolean; watch?: boolean }) =>
          done(
            await (o.watch
              ? (await import("./watch")).runWatch({ stacks, all: o.all }, io)
              : (await import("./plan")).runPlan({ stacks, ...o }, io)),
          ),
      ),
  );
  configure(
    program
      .command("diff")
      .description(
        "what changes between two plans, or between a git ref's committed plans and the working tree",
      )
      .argument("[files...]", "two plan files: before and after")
      .option(
        "--base <git-ref>",
        "compare the plans committed at this ref with the working tree",
        once("base"),
      )
      .option("--stack <name>", "with --base: only this stack", once("stack"))
      .addOption(new Option("--format <format>", "output format").choices(FORMATS).default("text"))
      .option("--out <file>", "write to a file instead of stdout", once("out"))
      .addHelpText(
        "after",
        example(
          "infra diff stacks/prod.plan.json /tmp/prod.plan.json",
          "infra diff --base origin/main --format markdown --out diff.md",
        ),
      )
      .action(async (files: string[], o: { base?: string; stack?: string; format: Format; out?: string }) =>
        done((await import("./diff")).runDiff({ files, ...o }, io)),
      ),
  );
  configure(
    program
      .command("cost")
      .description("each stack's monthly cost estimate against its budget (exit 1 when over)")
      .argument("[stacks...]", "stack names")
      .option("--all", "every stack file")
      .addHelpText("after", example("infra cost prod", "infra cost --all"))
      .action(async (stacks: string[], o: { all?: boolean }) =>
        done(await (await import("./cost")).runCost({ stacks, ...o }, io)),
      ),
  );
  configure(
    program
      .command("reports")
      .description(
        "stacks/PARITY.md and docs/diagrams/: how the environments differ, and what each looks like",
      )
      .option("--check", "write nothing; fail if a committed report is stale")
      .option("-q, --quiet", "print only what was written or is stale")
      .addHelpText("after", example("infra reports", "infra reports --check"))
      .action(async (o: { check?: boolean; quiet?: boolean }) => {
        const options = { only: ["reports" as const], quiet: o.quiet };
        const { runCheck, runGenerate } = await import("./generate");
        done(await (o.check ? runCheck(options, io) : runGenerate(options, io)));
      }),
  );
  for (const [name, description, run] of [
    ["generate", "write every generated file (plans, cost, reports, docs, local-dev files)", "runGenerate"],
    ["check", "write nothing; fail, naming each file, if a generated file is stale", "runCheck"],
  ] as const) {
    configure(
      program
        .command(name)
        .description(description)
        .option("--only <group>", `only this group (repeatable): ${GROUPS.join(", ")}`, groups)
        .option("-q, --quiet", "print only what was written or is stale")
        .addHelpText("after", example(`infra ${name}`, `infra ${name} --only plans --only docs --quiet`))
        .action(async (o: { only?: Group[]; quiet?: boolean }) =>
          done(await (await import("./generate"))[run](o, io)),
        ),
    );
  }
  configure(
    program
      .command("runtime-check")
      .description(
        "run stacks the way `pulumi preview` starts them (Pulumi's own runner, an engine of mocks) and require the committed plan",
      )
      .argument("[stacks...]", "stack names")
      .option("--all", "every stack file, and the artifact project's stack")
      .addHelpText("after", example("infra runtime-check dev", "infra runtime-check --all"))
      .action(async (stacks: string[], o: { all?: boolean }) =>
        done(await (await import("./runtime-check")).runRuntimeCheck({ stacks, ...o }, io)),
      ),
  );
  configure(
    program
      .command("promote")
      .description(
        "write into a stack file the image digest and AMI the stack before it runs and tested (staging → prod)",
      )
      .requiredOption("--to <stack>", "the stack that receives them (a digest-only tier)", once("to"))
      .requiredOption(
        "--from-outputs <file>",
        "the source stack's `pulumi stack output --json`",
        once("from-outputs"),
      )
      .requiredOption(
        "--checks <file>",
        'the checks report: {"digest": "sha256:…", "passed": true}',
        once("checks"),
      )
      .option("--digest <sha256>", "refuse unless the source runs exactly this digest", once("digest"))
      .option("--record <file>", "write the release record (JSON) here", once("record"))
      .addHelpText(
        "after",
        example(
          "infra promote --to prod --from-outputs staging-outputs.json --checks staging-checks.json --record release.json",
          "pulumi stack output --json --stack staging > staging-outputs.json",
        ),
      )
      .action(
        async (o: { to: string; fromOutputs: string; checks: string; digest?: string; record?: string }) =>
          done((await import("./promote")).runPromote(o, io)),
      ),
  );
  configure(
    program
      .command("sanitize")
      .description("rewrite the personal data in a staging database restored from a prod snapshot")
      .requiredOption("--stack <stack>", "the stack the database belongs to (never a prod-tier stack)")
      .option("--database-url <url>", "postgresql://… (or set SANITIZE_DATABASE_URL)")
      .option("--spec <file>", "the PII column list", "sanitize/pii-columns.yaml")
      .option("--dry-run", "count what would change, then roll back")
      .addHelpText(
        "after",
        example("SANITIZE_DATABASE_URL=postgresql://… infra sanitize --stack staging --dry-run"),
      )
      .action(async (o: { stack: string; databaseUrl?: string; spec?: string; dryRun?: boolean }) =>
        done(await (await import("./sanitize")).runSanitizeCommand(o, io)),
      ),
  );
  configure(
    program
      .command("bench")
      .description("how fast the offline plan and the test suite are (figures, not assertions)")
      .allowUnknownOption(true)
      .allowExcessArguments(true)
      .helpOption("-h, --help", "show help; options after `--` go to bench/bench.ts")
      .addHelpText("after", example("infra bench", "infra bench -- --runs 3 --suite-runs 1"))
      .action((_o: unknown, command: Command) => {
        // The bench measures whole processes, so it runs as one, with the same loader as tests.
        const run = spawnSync(
          process.execPath,
          ["--import", "tsx", join(__dirname, "../../bench/bench.ts"), ...command.args],
          { cwd: io.cwd, stdio: "inherit" },
        );
        done(run.status ?? EXIT.failed);
      }),
  );
  return program;
}

/** Runs `infra <argv…>` and returns its exit code; never calls process.exit. */
export async function runInfra(argv: readonly string[], io: Io): Promise<number> {
  const exitCode = { value: EXIT.ok as number };
  const program = buildProgram(io, exitCode);
  const name = () => {
    const sub = argv.find((a) => !a.startsWith("-"));
    return program.commands.some((c) => c.name() === sub) ? `${sub}: ` : "infra: ";
  };
  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode.value;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version arrive here too, as successes.
      if (error.exitCode === 0) return EXIT.ok;
      const message = error.message.replace(/^error: /, "");
      io.stderr(
        `${name()}${message} (see infra ${name().replace(/: $/, "")} --help)\n`.replace(
          "infra infra",
          "infra",
        ),
      );
      return EXIT.usage;
    }
    const message = userMessage(error);
    if (message === undefined) throw error;
    io.stderr(`${name()}${message}\n`);
    return error instanceof ProgramFailure ? EXIT.failed : EXIT.usage;
  }
}

export { UsageError };

/** The process entry: `infra <argv…>` with the real stdout, stderr and exit code. */
export function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  return runInfra(argv, processIo()).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      // A bug, not a user mistake: keep the stack trace.
      console.error(error);
      process.exitCode = EXIT.failed;
    },
  );
}

if (require.main === module) void main();
