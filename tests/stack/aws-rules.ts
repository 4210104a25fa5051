/** Rules read off the other stack files, through the whole program: nothing is registered. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { cite } from "../../src/config/aws/sources";
import { captureWithRegistrations, ProgramFailure } from "../../src/plan/capture";
import { PROD_BASE } from "../support/bad-configs";
import { PROJECT, PROJECT_DIR, queue } from "../support/plans";

describe("two stacks cannot claim one secrets namespace in one account and Region", () => {
  test("a copy of prod with its own VPC but prod's namespace is refused, naming prod", async () => {
    const config = {
      ...PROD_BASE,
      "infra:network": JSON.stringify({
        cidr: "10.9.0.0/16",
        availabilityZones: ["us-east-1a", "us-east-1b", "us-east-1c"],
      }),
    };
    const error = await queue(() =>
      captureWithRegistrations({
        project: PROJECT,
        stack: "prod-copy",
        config,
        secretKeys: [],
        projectDir: PROJECT_DIR,
      }),
    ).then(
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
