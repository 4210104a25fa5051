/**
 * Rules that need more than one stack file, or the price table, through the whole program:
 * nothing but the root stack is registered, and `infra plan` writes nothing over budget.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { cite } from "../../src/config/aws/sources";
import { ProgramFailure } from "../../src/plan/capture";
import { PROD_BASE } from "../support/bad-configs";
import { planFiles } from "../../src/cli/generators";
import { UsageError } from "../../src/cli/io";
import { loadStackView } from "../../src/plan/stack-views";
import { PROJECT, PROJECT_DIR, stackInput, capture, captureRegistrations } from "../support/plans";
import { resolveSettings } from "../../src/config/resolve";
import { T } from "../../src/model/resource-types";

describe("two stacks cannot claim one secrets namespace in one account and Region", () => {
  test("a copy of prod with its own VPC but prod's namespace is refused, naming prod", async () => {
    const config = {
      ...PROD_BASE,
      "infra:network": JSON.stringify({
        cidr: "10.9.0.0/16",
        availabilityZones: ["us-east-1a", "us-east-1b", "us-east-1c"],
      }),
    };
    const error = await captureRegistrations({
      project: PROJECT,
      stack: "prod-copy",
      config,
      secretKeys: [],
      projectDir: PROJECT_DIR,
    }).then(
      () => assert.fail("the program ran"),
      (e: unknown) => e,
    );
    assert.ok(error instanceof ProgramFailure);
    assert.equal(
      error.message,
      'Invalid configuration for stack "prod-copy" (Pulumi.prod-copy.yaml); no resources were registered:\n' +
        `  - infra:environment: stack "prod" already keeps its secrets under /production/ in us-east-1 and account 333333333333; secret names are unique per account and Region, so give this stack its own infra:environment (e.g. production-eu); ${cite("secretsNamespace")}`,
    );
    assert.deepEqual(error.registeredUrns, [
      `urn:pulumi:prod-copy::${PROJECT}::pulumi:pulumi:Stack::${PROJECT}-prod-copy`,
    ]);
  });
});

async function refusal(stack: string, config: Record<string, string>): Promise<ProgramFailure> {
  const error = await captureRegistrations({
    project: PROJECT,
    stack,
    config,
    secretKeys: [],
    projectDir: PROJECT_DIR,
  }).then(
    () => assert.fail("the program ran"),
    (e: unknown) => e,
  );
  assert.ok(error instanceof ProgramFailure);
  assert.deepEqual(error.registeredUrns, [
    `urn:pulumi:${stack}::${PROJECT}::pulumi:pulumi:Stack::${PROJECT}-${stack}`,
  ]);
  return error;
}

describe("the budget cannot be bypassed", () => {
  test("a prod of a hundred GPU servers is refused before anything is registered", async () => {
    const error = await refusal("prod", {
      ...PROD_BASE,
      "infra:compute": JSON.stringify({
        instanceType: "p4d.24xlarge",
        minSize: 100,
        desiredCapacity: 100,
        maxSize: 100,
      }),
    });
    assert.match(
      error.message,
      /\n {2}- infra:compute\.instanceType: got "p4d\.24xlarge", which has no price in src\/reports\/cost\/prices\.ts \(ec2:p4d\.24xlarge\); an unpriced size would count as \$0/,
    );
  });

  test("infra plan writes nothing for a stack outside the priced Region", async () => {
    const base = stackInput("prod");
    const config = {
      ...base.config,
      "aws:region": "eu-west-1",
      "infra:network": JSON.stringify({
        cidr: "10.2.0.0/16",
        availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
      }),
    };
    const plan = await capture({ ...base, config });
    const { settings } = resolveSettings({ ...base, config });
    assert.throws(
      () => planFiles(PROJECT_DIR, { stack: "prod", plan, settings }),
      (e: unknown) => {
        assert.ok(e instanceof UsageError);
        assert.match(
          e.message,
          /^prod: the stack is in eu-west-1; src\/reports\/cost\/prices\.ts has us-east-1 prices only .*cannot be checked/,
        );
        return true;
      },
    );
  });

  test("infra plan writes nothing for a stack over its budget", async () => {
    const view = await loadStackView(PROJECT_DIR, "staging");
    const tight = { ...view, settings: { ...view.settings, cost: { monthlyBudgetUsd: 1 } } };
    assert.throws(
      () => planFiles(PROJECT_DIR, tight),
      (e: unknown) => {
        assert.ok(e instanceof UsageError);
        assert.match(
          e.message,
          /^staging: estimated \$[\d.]+\/month exceeds infra:cost\.monthlyBudgetUsd \$1\.00 by/,
        );
        return true;
      },
    );
  });
});

describe("a stack name that makes a name AWS forbids is refused by infra plan, which writes nothing", () => {
  test("a stack called sg: every security group name would start with sg-", async () => {
    const base = stackInput("dev");
    const config = {
      ...base.config,
      // Its own namespace and range, so only the names are wrong.
      "infra:environment": "sandbox",
      "infra:network": JSON.stringify({
        ...(JSON.parse(base.config["infra:network"] ?? "{}") as object),
        cidr: "10.9.0.0/16",
      }),
    };
    const input = { ...base, stack: "sg", config };
    const plan = await capture(input);
    const { settings } = resolveSettings(input);
    const groups = plan.resources.filter((r) => r.type === T.securityGroup).map((r) => r.name);
    assert.ok(groups.length >= 3);
    assert.throws(
      () => planFiles(PROJECT_DIR, { stack: "sg", plan, settings }),
      (e: unknown) => {
        assert.ok(e instanceof UsageError);
        const [header, ...lines] = e.message.split("\n");
        assert.equal(
          header,
          'The plan of stack "sg" (Pulumi.sg.yaml) breaks rules AWS enforces; nothing was written:',
        );
        assert.deepEqual(
          lines.map(
            (l) =>
              /^ {2}- (\S+) \(aws:ec2\/securityGroup:SecurityGroup\) name: .* starts with "sg-"/.exec(l)?.[1],
          ),
          groups,
        );
        return true;
      },
    );
  });
});
