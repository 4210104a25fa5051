/**
 * Rules that need more than one stack file, the price table, or the resources the program
 * constructs, through the whole program: nothing but the root stack is registered, and `infra
 * plan` writes nothing over budget or for a captured plan that breaks a resource rule.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { cite } from "../../src/config/aws/sources";
import { ProgramFailure } from "../../src/plan/program-failure";
import { PROD_BASE } from "../support/bad-configs";
import { planFiles } from "../../src/cli/generators";
import { UsageError } from "../../src/cli/io";
import {
  prodInEuWest1,
  PROJECT,
  PROJECT_DIR,
  stackInput,
  capture,
  captureRegistrations,
  planOf,
  settingsOf,
} from "../support/plans";
import { resolveSettings } from "../../src/config/resolve";
import { T } from "../../src/model/resource-types";
import type { CaptureInput } from "../../src/plan/capture";
import type { TestCaptureInput } from "../support/capture-protocol";
import { NAME_RULES, nameSource } from "../../src/model/name-rules";

describe("two stacks cannot claim one secrets namespace in one account and Region", () => {
  test("a copy of prod with its own VPC but prod's namespace is refused, naming prod", async () => {
    const config = {
      ...PROD_BASE,
      "infra:network": JSON.stringify({
        cidr: "10.9.0.0/16",
        availabilityZones: ["us-east-1a", "us-east-1b", "us-east-1c"],
      }),
    };
    const error = await refusal("prod-copy", config);
    assert.equal(
      error.message,
      'Invalid configuration for stack "prod-copy" (Pulumi.prod-copy.yaml); no resources were registered:\n' +
        `  - infra:environment: stack "prod" already keeps its secrets under /production/ in us-east-1 and account 333333333333; secret names are unique per account and Region, so give this stack its own infra:environment (e.g. production-eu); ${cite("secretsNamespace")}`,
    );
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
    const input = prodInEuWest1();
    const plan = await capture(input);
    const { settings } = resolveSettings(input);
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
    const settings = settingsOf("staging");
    const tight = {
      stack: "staging",
      plan: await planOf("staging"),
      settings: { ...settings, cost: { monthlyBudgetUsd: 1 } },
    };
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

/** The dev stack under another stack name, with its own namespace and range, so only the names differ. */
function devAs(stack: string): CaptureInput {
  const base = stackInput("dev");
  const network = JSON.parse(base.config["infra:network"] ?? "{}") as object;
  return {
    ...base,
    stack,
    config: {
      ...base.config,
      "infra:environment": "sandbox",
      "infra:network": JSON.stringify({ ...network, cidr: "10.9.0.0/16" }),
    },
  };
}

async function programFailure(input: TestCaptureInput): Promise<ProgramFailure> {
  const error = await captureRegistrations(input).then(
    () => assert.fail("the program ran"),
    (e: unknown) => e,
  );
  assert.ok(error instanceof ProgramFailure, String(error));
  assert.deepEqual(
    error.registeredUrns,
    [`urn:pulumi:${input.stack}::${PROJECT}::pulumi:pulumi:Stack::${PROJECT}-${input.stack}`],
    "only the root stack may be registered",
  );
  return error;
}

const sgRule = NAME_RULES[T.securityGroup]!.find((r) => r.property === "name")!;
const albRule = NAME_RULES[T.loadBalancer]!.find((r) => r.property === "name")!;

describe("the program refuses names AWS forbids before registering anything (so does a real pulumi preview)", () => {
  test("a stack called sg: every security group name would start with sg-", async () => {
    const error = await programFailure(devAs("sg"));
    const groups = ["sg-nat-sg", "sg-app-sg", "sg-db-sg", "sg-cache-sg"];
    assert.equal(
      error.message,
      [
        'The plan of stack "sg" (Pulumi.sg.yaml) breaks rules AWS enforces; nothing was written:',
        ...groups.map(
          (g) =>
            `  - ${g} (${T.securityGroup}) name: security group name "${g}" plus Pulumi's 8-character random suffix starts with "sg-", which AWS reserves; ${nameSource(sgRule)}`,
        ),
      ].join("\n"),
    );
  });

  test("a stack called internal: its ALB name would start with internal-", async () => {
    const error = await programFailure(devAs("internal"));
    assert.equal(
      error.message,
      'Invalid configuration for stack "internal" (Pulumi.internal.yaml); no resources were registered:\n' +
        `  - stack name "internal": ALB name "internal-alb" plus Pulumi's 8-character random suffix starts with "internal-", which AWS reserves; ${nameSource(albRule)}`,
    );
  });
});

describe("the program refuses an edge created in the wrong Region before registering anything", () => {
  test("prod in eu-west-1 whose CloudFront web ACL lost its us-east-1 region goes through the stack's provider, and is refused", async () => {
    // The real program, with the mistake the rule exists for: the web ACL's per-resource region
    // dropped, so it is created through the stack's eu-west-1 provider.
    const error = await programFailure({ ...prodInEuWest1(), workerProgram: "cloudFrontAclWithoutRegion" });
    assert.equal(
      error.message,
      'The plan of stack "prod" (Pulumi.prod.yaml) breaks rules AWS enforces; nothing was written:\n' +
        "  - prod-cdn-waf (aws:wafv2/webAcl:WebAcl) scope: created in eu-west-1 (through provider prod-aws); a CLOUDFRONT-scoped web ACL must be created in us-east-1; source: AWS WAF Developer Guide, Resources that you can protect: a web ACL lives in the Region of the resource it protects; for CloudFront, US East (N. Virginia) (read 2026-12-02), https://docs.aws.amazon.com/waf/latest/developerguide/how-aws-waf-works-resources.html",
    );
  });

  test("a resource constructed after the rules ran is a mistake of the program, stopped where it is made", async () => {
    const error = await programFailure({ ...devAs("late"), workerProgram: "bucketAfterTheRules" });
    assert.match(
      error.message,
      /^late-bucket \(aws:s3\/bucket:Bucket\) was constructed after the AWS rules ran/,
    );
  });
});

describe("infra plan applies the same rules to the captured plan (names only known once resolved)", () => {
  test("a plan whose security group name starts with sg- is refused and nothing is written", async () => {
    const dev = await planOf("dev");
    const group = dev.resources.find((r) => r.type === T.securityGroup)!;
    const plan = {
      ...dev,
      resources: dev.resources.map((r) =>
        r === group ? { ...r, inputs: { ...r.inputs, name: "sg-x" } } : r,
      ),
    };
    assert.throws(
      () => planFiles(PROJECT_DIR, { stack: "dev", plan, settings: settingsOf("dev") }),
      (e: unknown) => {
        assert.ok(e instanceof UsageError);
        assert.equal(
          e.message,
          'The plan of stack "dev" (Pulumi.dev.yaml) breaks rules AWS enforces; nothing was written:\n' +
            `  - ${group.name} (${T.securityGroup}) name: security group name "sg-x" starts with "sg-", which AWS reserves; ${nameSource(sgRule)}`,
        );
        return true;
      },
    );
  });
});
