/**
 * `npm run bench`: how fast the offline plan and the test suite are.
 *
 * For each stack: resource count, median wall time of one offline evaluation, peak memory; the
 * same for the floor (as many bare resources under the same mocks), and the ratio between them.
 * Then the wall time of the full test suite. Figures, not assertions: the targets (each stack
 * within 1.5× its floor, the suite under 15 s on 2 cores) are for a human to read.
 *
 *   npm run bench [-- --runs 7 --suite-runs 3]
 */
import { execFileSync, spawnSync } from "node:child_process";
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
  options: { runs: { type: "string", default: "7" }, "suite-runs": { type: "string", default: "3" } },
});
const dir = process.cwd();

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

function measure(stack: string, mode: "program" | "floor"): Measurement {
  const out = execFileSync(
    process.execPath,
    ["--import", "tsx", join(__dirname, "measure.ts"), stack, mode, values.runs],
    { cwd: dir, encoding: "utf8" },
  );
  return JSON.parse(out.trim().split("\n").at(-1)!) as Measurement;
}

function suiteSeconds(): number {
  const start = process.hrtime.bigint();
  const run = spawnSync("npm", ["test", "--silent"], { cwd: dir, stdio: "ignore" });
  if (run.status !== 0) throw new Error("npm test failed; fix it before benchmarking");
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const pad = (s: string | number, n: number) => String(s).padStart(n);
console.log(`offline evaluation, median of ${values.runs} runs after a warm-up (one process per row)\n`);
console.log(
  `${"stack".padEnd(10)}${pad("resources", 10)}${pad("program ms", 12)}${pad("floor ms", 10)}${pad("ratio", 8)}${pad("program MB", 12)}${pad("floor MB", 10)}`,
);
for (const stack of listStacks(dir)) {
  const program = measure(stack, "program");
  const floor = measure(stack, "floor");
  const p = median(program.runsMs);
  const f = median(floor.runsMs);
  console.log(
    `${stack.padEnd(10)}${pad(program.resources, 10)}${pad(p.toFixed(1), 12)}${pad(f.toFixed(1), 10)}${pad(`${(p / f).toFixed(2)}×`, 8)}${pad(program.maxRssMb.toFixed(0), 12)}${pad(floor.maxRssMb.toFixed(0), 10)}`,
  );
}

const suiteRuns = Number(values["suite-runs"]);
const times = Array.from({ length: suiteRuns }, suiteSeconds);
console.log(
  `\nfull test suite (npm test): median ${median(times).toFixed(1)} s over ${suiteRuns} runs (${times.map((t) => t.toFixed(1)).join(", ")})`,
);
