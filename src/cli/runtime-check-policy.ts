/**
 * `infra runtime-check --all`, the policy pack's part: the pack run the way `pulumi preview
 * --policy-pack policy` runs it (src/plan/policy-analyzer.ts) over every committed plan with its
 * tier's config, and over prod's with an unencrypted database planted; it must report exactly what
 * the rules report in-process (src/policy/evaluate.ts).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { projectName } from "../config/stack-files";
import type { Plan } from "../model/plan";
import { T } from "../model/resource-types";
import { startMockEngine } from "../plan/engine-server";
import { planPath } from "../plan/plan-file";
import { type PolicyPackProcess, readPackConfig, startPolicyPack } from "../plan/policy-analyzer";
import { type Checked, engineComplaints, policyProblems } from "../plan/runtime-verdict";
import { packConfigPath, PACK_DIR } from "../policy/docs";
import { evaluate } from "../policy/evaluate";
import { planResources, planTier } from "../policy/from-plan";
import { RULES } from "../policy/rules";
import type { Io } from "./io";

/**
 * The policy pack under Pulumi's policy runner, once for every committed plan (with its tier's
 * `--policy-pack-config`) and once for prod's with a violation planted; each compared with the
 * rules in-process. One pack process serves them all, as one does a whole preview.
 */
export async function checkPolicyPack(
  io: Io,
  stacks: readonly string[],
): Promise<{ name: string; checked: Checked }[]> {
  const plans = stacks.map((stack) => JSON.parse(readFileSync(planPath(io.cwd, stack), "utf8")) as Plan);
  const engine = await startMockEngine({
    project: projectName(io.cwd),
    stack: "policy",
    region: "us-east-1",
  });
  let pack: PolicyPackProcess | undefined;
  try {
    const started = Date.now();
    pack = await startPolicyPack(join(io.cwd, PACK_DIR), engine.address);
    const startup = ((Date.now() - started) / 1000).toFixed(1);
    const out: { name: string; checked: Checked }[] = [];
    for (const plan of plans) {
      out.push({
        name: `${plan.stack} under the policy pack`,
        checked: await analyze(pack, plan, io, startup),
      });
    }
    const prod = plans.find((plan) => plan.tier === "prod");
    if (prod) out.push(await plantedViolation(pack, prod, io, startup));
    // What the pack told the engine besides its findings: a warning or error fails the check.
    const complaints = engineComplaints(engine.logs);
    if (complaints.length > 0) {
      out.push({
        name: "the policy pack's messages to the engine",
        checked: { problems: complaints, summary: "" },
      });
    }
    return out;
  } catch (error) {
    const output = pack ? await pack.stop().catch(() => "") : "";
    pack = undefined;
    const message = error instanceof Error ? error.message : String(error);
    return [
      {
        name: "the policy pack",
        checked: { problems: [message, ...(output.trim() ? [output.trim()] : [])], summary: "" },
      },
    ];
  } finally {
    await pack?.stop();
    await engine.close();
  }
}

async function analyze(pack: PolicyPackProcess, plan: Plan, io: Io, startup: string): Promise<Checked> {
  const tier = planTier(plan);
  const diagnostics = await pack.analyzeStack(plan, readPackConfig(io.cwd, packConfigPath(tier)));
  const evaluation = evaluate(planResources(plan), tier);
  const problems = policyProblems(
    [...pack.policies.keys()],
    RULES.map((rule) => rule.name),
    diagnostics,
    evaluation,
  );
  const count = (level: string) => diagnostics.filter((d) => d.level === level).length;
  return {
    problems,
    summary:
      `${pack.policies.size} policies (pack started in ${startup} s, ${packConfigPath(tier)}): ` +
      `${count("mandatory")} mandatory and ${count("advisory")} advisory findings, as the rules in-process`,
  };
}

/** The planted mistake: prod's first database unencrypted, which rds-storage-encrypted must fail. */
const PLANTED = {
  type: T.rdsInstance,
  input: "storageEncrypted",
  value: false,
  rule: "rds-storage-encrypted",
};

async function plantedViolation(
  pack: PolicyPackProcess,
  prod: Plan,
  io: Io,
  startup: string,
): Promise<{ name: string; checked: Checked }> {
  const name = `${prod.stack} with ${PLANTED.input}: ${PLANTED.value} under the policy pack`;
  const target = prod.resources.find((r) => r.type === PLANTED.type);
  if (!target)
    return {
      name,
      checked: { problems: [`${prod.stack} has no ${PLANTED.type} to plant it in`], summary: "" },
    };
  const planted: Plan = {
    ...prod,
    resources: prod.resources.map((r) =>
      r === target ? { ...r, inputs: { ...r.inputs, [PLANTED.input]: PLANTED.value } } : r,
    ),
  };
  const checked = await analyze(pack, planted, io, startup);
  const caught = evaluate(planResources(planted), planTier(planted)).failures.some(
    (v) => v.rule === PLANTED.rule && v.urn === target.urn,
  );
  const problems = caught
    ? checked.problems
    : [...checked.problems, `${PLANTED.rule} does not fail ${target.urn}`];
  return { name, checked: { problems, summary: `${PLANTED.rule} fails it, mandatory; ${checked.summary}` } };
}
