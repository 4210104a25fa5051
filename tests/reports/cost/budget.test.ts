/**
 * The budget cannot be bypassed (src/reports/cost/estimate.ts budgetProblems, coverage.ts): an
 * unpriced billable resource is an error, never $0, and a stack outside the priced Region is
 * refused rather than priced at us-east-1's rates.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { resolveSettings } from "../../../src/config/resolve";
import { budgetProblems, estimateCost } from "../../../src/reports/cost/estimate";
import { priceCoverageProblems } from "../../../src/reports/cost/coverage";
import { parseUsage } from "../../../src/reports/cost/usage";
import { PROD_BASE, STAGING_BASE } from "../../support/bad-configs";
import { idOf, plan, type ResourceSpec } from "../../support/plan-builders";

const usage = () => parseUsage(undefined, "prod", "test.yaml");
const servers = (instanceType: string, count: number): ResourceSpec[] => [
  { type: "aws:ec2/launchTemplate:LaunchTemplate", name: "prod-app-lt", inputs: { instanceType } },
  {
    type: "aws:autoscaling/group:Group",
    name: "prod-app-asg",
    inputs: {
      desiredCapacity: count,
      minSize: count,
      maxSize: count,
      launchTemplate: { id: idOf("aws:ec2/launchTemplate:LaunchTemplate", "prod-app-lt") },
    },
  },
];

describe("budgetProblems", () => {
  test("a hundred GPU servers are not 'within budget': the unpriced group is an error", () => {
    const e = estimateCost(plan({ stack: "prod", resources: servers("p4d.24xlarge", 100) }), usage());
    assert.equal(e.totalUsd, 0, "nothing could be priced");
    assert.deepEqual(budgetProblems(e, 10_000), [
      'prod: prod-app-asg (aws:autoscaling/group:Group) is billable but not priced (no price "ec2:p4d.24xlarge" in src/reports/cost/prices.ts); an unpriced resource would count as $0 against infra:cost.monthlyBudgetUsd, so it is an error: add its price with a source from shared/reference/, or choose a priced size',
    ]);
  });

  test("a type no pricer knows is an error too", () => {
    const e = estimateCost(
      plan({ stack: "prod", resources: [{ type: "aws:sqs/queue:Queue", name: "q" }] }),
      usage(),
    );
    assert.equal(budgetProblems(e, 10_000).length, 1);
  });

  test("per-request-only types on the allowed list do not block the budget", () => {
    const e = estimateCost(
      plan({
        stack: "prod",
        resources: [{ type: "aws:appconfig/application:Application", name: "prod-appconfig" }],
      }),
      usage(),
    );
    assert.equal(e.notPriced.length, 1);
    assert.deepEqual(budgetProblems(e, 10_000), []);
  });

  test("a stack in another Region gets no us-east-1 prices and a refusal", () => {
    const p = plan({ stack: "prod", resources: servers("t3.small", 2), outputs: { region: "eu-west-1" } });
    const e = estimateCost(p, usage());
    assert.deepEqual(e.lines, []);
    assert.equal(e.region, "eu-west-1");
    const [problem] = budgetProblems(e, 10_000);
    assert.match(
      problem!,
      /^prod: the stack is in eu-west-1; src\/reports\/cost\/prices\.ts has us-east-1 prices only/,
    );
  });

  test("over budget is still an error, with the amounts", () => {
    const e = estimateCost(plan({ stack: "prod", resources: servers("t3.small", 2) }), usage());
    assert.deepEqual(budgetProblems(e, 1), [
      `prod: estimated $${e.totalUsd.toFixed(2)}/month exceeds infra:cost.monthlyBudgetUsd $1.00 by $${(e.totalUsd - 1).toFixed(2)}`,
    ]);
    assert.deepEqual(budgetProblems(e, e.totalUsd), []);
  });
});

describe("priceCoverageProblems: the sizes a stack file picks must be priced, before anything exists", () => {
  const settingsOf = (base: Record<string, string>, extra: Record<string, string> = {}) =>
    resolveSettings({ project: "infra", stack: "s", config: { ...base, ...extra } }).settings;

  test("the tier defaults are all priced", () => {
    assert.deepEqual(priceCoverageProblems(settingsOf(PROD_BASE)), []);
    assert.deepEqual(priceCoverageProblems(settingsOf(STAGING_BASE)), []);
  });

  test("an instance type, class and node type that exist but have no price are named", () => {
    const s = settingsOf(PROD_BASE, {
      "infra:compute": JSON.stringify({ instanceType: "p4d.24xlarge" }),
      "infra:database": JSON.stringify({ instanceClass: "db.r6g.large" }),
      "infra:cache": JSON.stringify({ nodeType: "cache.r7g.large" }),
    });
    const problems = priceCoverageProblems(s);
    assert.deepEqual(
      problems.map((p) => p.split(";")[0]),
      [
        'infra:compute.instanceType: got "p4d.24xlarge", which has no price in src/reports/cost/prices.ts (ec2:p4d.24xlarge)',
        'infra:database.instanceClass: got "db.r6g.large", which has no price in src/reports/cost/prices.ts (rds-postgres:db.r6g.large:multi-az)',
        'infra:cache.nodeType: got "cache.r7g.large", which has no price in src/reports/cost/prices.ts (elasticache-redis:cache.r7g.large)',
      ],
    );
    assert.match(problems[0]!, /choose a priced one \(t3\.micro, t3\.small/);
  });

  test("a stack in another Region is left to the plan-level check (it has no price rows to compare)", () => {
    const s = settingsOf(STAGING_BASE, {
      "aws:region": "eu-west-1",
      "infra:network": JSON.stringify({
        cidr: "10.1.0.0/16",
        availabilityZones: ["eu-west-1a", "eu-west-1b"],
      }),
    });
    assert.deepEqual(priceCoverageProblems(s), []);
  });
});
