/** Third-party keys: secrets in the namespace; values only from `secure:` config; no reuse on prod. */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { readStackFile } from "../../src/config/stack-files";
import { THIRD_PARTY_SECRETS } from "../../src/config/third-party/catalog";
import { ProgramFailure } from "../../src/plan/program-failure";
import { serializePlan } from "../../src/plan/plan-file";
import {
  early,
  input,
  one,
  ofType,
  planOf,
  PROJECT,
  STACKS,
  namespaceOf,
  tierOf,
  captureRegistrations,
} from "../support/plans";
import { PLANTED, prodWithPlantedSecrets } from "../support/variations";
import { TEST_IMAGE_DIGEST } from "../support/bad-configs";

for (const stack of STACKS) {
  describe(`${stack}: third-party secrets`, () => {
    test("one secret per key under the namespace, with the environment's key; none has a value yet", async () => {
      const plan = await planOf(stack);
      const key = one(plan, "aws:kms/key:Key", `${stack}-kms`);
      for (const spec of THIRD_PARTY_SECRETS) {
        const name = `${namespaceOf(stack)}${spec.path}`;
        const secret = ofType(plan, "aws:secretsmanager/secret:Secret").find(
          (s) => input(s, "name") === name,
        );
        assert.ok(secret, `${stack}: ${name} is missing`);
        assert.ok(secret.dependencies.includes(key.urn), `${name} must use the environment's key`);
        assert.equal(secret.options.protect, tierOf(stack) === "prod");
        assert.match(String(input(secret, "description")), /pulumi config set --secret --stack/);
      }
      // The committed stack files hold no secure values (there is no Pulumi CLI here to encrypt
      // them), so no version exists: `pulumi config set --secret` then `pulumi up` adds one.
      const versions = new Set(
        ofType(plan, "aws:secretsmanager/secretVersion:SecretVersion").map((v) => v.name),
      );
      for (const spec of THIRD_PARTY_SECRETS) {
        const name = `${stack}-secret-${spec.path.split("/").pop()!}-value`;
        assert.ok(!versions.has(name), `${name}: no value was supplied, so no version may exist`);
      }
    });
  });
}

describe("a supplied key becomes a secret version, and its value is never in the plan", () => {
  const LIVE = PLANTED.stripeKey;
  const withKey = early(prodWithPlantedSecrets());
  test("prod with a secure Stripe key", async () => {
    const plan = await withKey;
    const version = one(
      plan,
      "aws:secretsmanager/secretVersion:SecretVersion",
      "prod-secret-stripe-api-key-value",
    );
    assert.equal(input(version, "secretString"), "[secret]");
    assert.equal(
      input(version, "secretId"),
      one(plan, "aws:secretsmanager/secret:Secret", "prod-secret-stripe-api-key").id,
    );
    assert.ok(!serializePlan(plan).includes(LIVE), "the planted key reached the plan");
  });
});

describe("a prod stack reusing another stack's value is refused", () => {
  test("a ciphertext copied from staging's file into prod's stops the program, naming staging only", async () => {
    const dir = mkdtempSync(join(tmpdir(), "infra-reuse-"));
    try {
      const copied = "v1:CopiedCiphertextOfSomeKey==";
      writeFileSync(join(dir, "Pulumi.yaml"), "name: infra\nruntime: nodejs\n");
      const file = (tier: string, cidr: string, extra: string) =>
        [
          "config:",
          "  aws:region: us-east-1",
          '  aws:allowedAccountIds: ["123456789012"]',
          `  infra:tier: ${tier}`,
          "  infra:network:",
          `    cidr: ${cidr}`,
          "    availabilityZones: [us-east-1a, us-east-1b, us-east-1c]",
          "  infra:loadBalancer:",
          `    domainName: ${tier}.example.com`,
          "    hostedZoneId: Z0EXAMPLE",
          `  infra:appImage: "${TEST_IMAGE_DIGEST}"`,
          extra,
          "",
        ].join("\n");
      writeFileSync(
        join(dir, "Pulumi.staging.yaml"),
        file("staging", "10.1.0.0/16", `  infra:sendgridApiKey:\n    secure: ${copied}`),
      );
      writeFileSync(
        join(dir, "Pulumi.prod.yaml"),
        // Prod alarms must reach someone (infra:monitoring.onCall), or that would be the error.
        file(
          "prod",
          "10.2.0.0/16",
          `  infra:monitoring:\n    alarmEmails: [oncall@example.com]\n  infra:sendgridApiKey:\n    secure: ${copied}`,
        ),
      );
      const prod = readStackFile(dir, "prod", PROJECT);
      let failure: ProgramFailure | undefined;
      try {
        await captureRegistrations({
          project: PROJECT,
          stack: "prod",
          config: prod.config,
          secretKeys: prod.secretKeys,
          projectDir: dir,
        });
      } catch (error) {
        failure = error as ProgramFailure;
      }
      assert.ok(failure instanceof ProgramFailure, "prod ran with staging's key");
      assert.equal(
        failure.message,
        'Invalid configuration for stack "prod" (Pulumi.prod.yaml); no resources were registered:\n' +
          "  - infra:sendgridApiKey: the value is the one in Pulumi.staging.yaml; a prod-tier stack takes production secrets only, never another environment's (set its own with: pulumi config set --secret infra:sendgridApiKey <value>)",
      );
      assert.ok(!failure.message.includes(copied));
      assert.equal(failure.registeredUrns.length, 1, "only the root stack may exist");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
