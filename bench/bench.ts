/**
 * `npm run bench`: how fast the review loop is, as ratios measured in one run on one machine
 * (absolute times move with the machine and its load; ratios are the goals).
 *
 * 1. Each stack's offline evaluation against its replay floor: the same registrations with the
 *    same inputs and options, through the provider SDK's own classes, and no project logic
 *    (bench/replay.ts), so program/replay is what the project's own code costs. Program and
 *    floors alternate in one process after a warm-up, and the ratio is the median of the rounds'
 *    CPU-time ratios (bench/measure.ts `pair`): single runs on a shared machine move by ±20 %,
 *    and a ratio of two medians taken in two processes minutes apart moved as much. Shown beside it: the generic replay (the same plan registered
 *    through bare CustomResource classes, which send no aliases, plugin version or secret
 *    outputs: the floor used until 2026-12-02), and the bare floor (as many input-less resources).
 * 2. The commands a reviewer waits for, wall time as run: `npm run plan:all`, `npm run diff`
 *    against HEAD (also without npm's wrapper, and the two floors under it: npm's wrapper alone
 *    and node's own start-up), and — when ../shared/peers/cdk/ is present — the AWS CDK synth of
 *    the same three environments, alternated run by run so both see the same load, with
 *    plan:all / CDK.
 * 3. The full test suite (`npm test`).
 *
 * Beside the evaluation table, what the validation costs per stack, measured alone: the stack
 * file's resolution (schema and every settings rule; part of "program ms", since the program
 * resolves its settings first), the AWS value, reserved-name and cross-field rules within it, and
 * the resource-level name and Region rules on the captured plan (the program runs the same rules
 * once over what it constructs, so they are in "program ms" too; `infra plan` runs them again).
 *
 * Goals (issue 16): program ≤ 1.5× replay; plan:all ≤ 0.25× CDK synth; diff ≤ 0.3 s (the command
 * itself: npm's wrapper alone takes about that); suite ≤ 5 s.
 * Figures, not assertions: a human reads them.
 *
 *   npm run bench [-- --rounds 21 --runs 7 --command-runs 3 --suite-runs 3]
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { listStacks } from "../src/config/stack-files";

interface Measurement {
  readonly resources: number;
  readonly runsMs: number[];
  readonly maxRssMb: number;
}

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    runs: { type: "string", default: "7" },
    rounds: { type: "string", default: "21" },
    "command-runs": { type: "string", default: "3" },
    "suite-runs": { type: "string", default: "3" },
  },
});
const dir = process.cwd();
const CDK_PEER = join(dir, "..", "shared", "peers", "cdk");

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const pad = (s: string | number, n: number) => String(s).padStart(n);
const secs = (xs: number[]) => `${median(xs).toFixed(2)} s (${xs.map((t) => t.toFixed(2)).join(", ")})`;

interface ChecksMeasurement {
  readonly resources: number;
  readonly configMs: number[];
  readonly awsSettingsMs: number[];
  readonly planRulesMs: number[];
}

type Variant = "program" | "replay" | "generic";
interface PairMeasurement {
  readonly resources: number;
  readonly rounds: Record<Variant, { cpuMs: number; wallMs: number }>[];
}

function measure(stack: string, mode: "program" | "replay" | "floor"): Measurement;
function measure(stack: string, mode: "checks"): ChecksMeasurement;
function measure(stack: string, mode: "pair"): PairMeasurement;
function measure(
  stack: string,
  mode: "program" | "replay" | "floor" | "checks" | "pair",
): Measurement | ChecksMeasurement | PairMeasurement {
  const out = execFileSync(
    process.execPath,
    [
      "--import",
      "tsx",
      join(__dirname, "measure.ts"),
      stack,
      mode,
      mode === "pair" ? values.rounds : values.runs,
    ],
    { cwd: dir, encoding: "utf8" },
  );
  return JSON.parse(out.trim().split("\n").at(-1)!) as Measurement | ChecksMeasurement | PairMeasurement;
}

/** Wall seconds of one command, which must succeed. */
function wall(command: string, args: readonly string[], cwd: string): number {
  const start = process.hrtime.bigint();
  const run = spawnSync(command, args, { cwd, stdio: "ignore" });
  if (run.status !== 0) throw new Error(`${command} ${args.join(" ")} failed in ${cwd}`);
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/**
 * The CDK peer, copied out of shared/ (read-only in CI) into node_modules/.cache and installed
 * there once; undefined with the reason when it is absent or cannot be installed.
 */
function cdkPeer(): { cwd: string } | { skipped: string } {
  if (!existsSync(join(CDK_PEER, "app.ts"))) return { skipped: `no CDK peer at ${CDK_PEER}` };
  const cwd = join(dir, "node_modules", ".cache", "cdk-peer");
  mkdirSync(cwd, { recursive: true });
  for (const file of ["app.ts", "package.json"]) cpSync(join(CDK_PEER, file), join(cwd, file));
  if (!existsSync(join(cwd, "node_modules", "aws-cdk-lib"))) {
    console.log(`installing the CDK peer in ${cwd} (once, not timed)…`);
    const install = spawnSync("npm", ["install", "--no-audit", "--no-fund"], { cwd, stdio: "ignore" });
    if (install.status !== 0) return { skipped: "npm install of the CDK peer failed" };
  }
  return { cwd };
}

console.log(
  `offline evaluation: program and floors alternated in one process, ${values.rounds} rounds after a warm-up;\n` +
    `ms are medians of CPU time (wall in brackets); ratios are medians of the rounds' CPU-time ratios;\n` +
    `MB is peak RSS of a process running one variant (${values.runs} runs)\n`,
);
console.log(
  `${"stack".padEnd(10)}${pad("resources", 10)}${pad("program ms", 16)}${pad("replay ms", 15)}${pad("program/replay", 16)}${pad("generic ms", 12)}${pad("/generic", 10)}${pad("bare ms", 9)}${pad("program MB", 12)}${pad("replay MB", 11)}`,
);
const warm: string[] = [];
const validation: string[] = [];
for (const stack of listStacks(dir)) {
  const timed = measure(stack, "pair");
  const program = measure(stack, "program");
  const replay = measure(stack, "replay");
  const bare = measure(stack, "floor");
  const cpu = (v: Variant) => median(timed.rounds.map((r) => r[v].cpuMs));
  const wallMs = (v: Variant) => median(timed.rounds.map((r) => r[v].wallMs));
  const ratio = (v: Variant) => median(timed.rounds.map((r) => r.program.cpuMs / r[v].cpuMs));
  const ms = (v: Variant) => `${cpu(v).toFixed(1)} (${wallMs(v).toFixed(0)})`;
  const p = median(program.runsMs);
  warm.push(`${stack} ${p.toFixed(0)} ms`);
  const c = measure(stack, "checks");
  const config = median(c.configMs);
  const aws = median(c.awsSettingsMs);
  const planRules = median(c.planRulesMs);
  validation.push(
    `${stack.padEnd(10)}${pad(config.toFixed(3), 13)}${pad(aws.toFixed(3), 14)}${pad(planRules.toFixed(3), 15)}${pad(`${(((config + planRules) / p) * 100).toFixed(1)}%`, 23)}`,
  );
  console.log(
    `${stack.padEnd(10)}${pad(timed.resources, 10)}${pad(ms("program"), 16)}${pad(ms("replay"), 15)}${pad(`${ratio("replay").toFixed(2)}×`, 16)}${pad(cpu("generic").toFixed(1), 12)}${pad(`${ratio("generic").toFixed(2)}×`, 10)}${pad(median(bare.runsMs).toFixed(1), 9)}${pad(program.maxRssMb.toFixed(0), 12)}${pad(replay.maxRssMb.toFixed(0), 11)}`,
  );
}

console.log(
  `\nvalidation alone, ms per evaluation (median of ${values.runs} batches; config includes the AWS rules)\n`,
);
console.log(
  `${"stack".padEnd(10)}${pad("config ms", 13)}${pad("AWS rules ms", 14)}${pad("plan rules ms", 15)}${pad("(config+plan)/program", 23)}`,
);
for (const line of validation) console.log(line);

// A re-plan in `plan --watch` is one of these warm evaluations (the SDK stays loaded).
console.log(`\nwarm re-plan of one stack (plan --watch): ${warm.join(", ")} (goal ≤ 300 ms)`);

const commandRuns = Number(values["command-runs"]);
const peer = cdkPeer();
const planAll: number[] = [];
const diff: number[] = [];
const diffDirect: number[] = [];
const npmAlone: number[] = [];
const nodeAlone: number[] = [];
const cdk: number[] = [];
for (let i = 0; i < commandRuns; i++) {
  planAll.push(wall("npm", ["run", "-s", "plan:all", "--", "--quiet"], dir));
  diff.push(wall("npm", ["run", "-s", "diff", "--", "--base", "HEAD"], dir));
  // The same command without npm's wrapper, and the wrapper alone (npm's built-in `env` script):
  // npm's own start-up is most of a fast command's wall time and no project code can shorten it.
  diffDirect.push(wall(process.execPath, ["scripts/infra.js", "diff", "--base", "HEAD"], dir));
  npmAlone.push(wall("npm", ["run", "-s", "env"], dir));
  nodeAlone.push(wall(process.execPath, ["-e", "0"], dir));
  if ("cwd" in peer) cdk.push(wall("npx", ["tsx", "app.ts"], peer.cwd));
}
console.log(`\ncommands, wall time, median of ${commandRuns} (alternated run by run)\n`);
const row = (name: string, figure: string) => console.log(`  ${name.padEnd(28)}${figure}`);
row("npm run plan:all", secs(planAll));
row("npm run diff -- --base HEAD", `${secs(diff)} (npm's start-up and the command)`);
row("infra diff --base HEAD", `${secs(diffDirect)} (goal ≤ 0.3 s; node scripts/infra.js, no npm wrapper)`);
row("npm's own start-up", `${secs(npmAlone)} (npm run env: the wrapper, no project code)`);
row("node's own start-up", `${secs(nodeAlone)} (node -e 0: the floor under any command)`);
if ("cwd" in peer) {
  row("CDK synth (npx tsx app.ts)", secs(cdk));
  row("plan:all / CDK synth", `${(median(planAll) / median(cdk)).toFixed(2)}× (goal ≤ 0.25×)`);
} else {
  console.log(`  CDK synth: skipped (${peer.skipped})`);
}

const suiteRuns = Number(values["suite-runs"]);
const times = Array.from({ length: suiteRuns }, () => wall("npm", ["test", "--silent"], dir));
console.log(`\nfull test suite (npm test): median ${secs(times)} over ${suiteRuns} runs (goal ≤ 5 s)`);
