/** The app's settings: one source for the env file and Parameter Store; the role reads exactly them. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { MOCK_ACCOUNT_ID } from "../../src/plan/mock-outputs";
import { input, one, ofType, planOf, STACKS, namespaceOf } from "../support/plans";
import { userDataEnv } from "./seed";
import { arnOf } from "../support/arns";

interface Statement {
  Sid: string;
  Action: string[];
  Resource: string[];
  Condition?: Record<string, Record<string, string>>;
}

for (const stack of STACKS) {
  const namespace = namespaceOf(stack);
  const path = `${namespace}app/`;
  describe(`${stack}: app settings in Parameter Store`, () => {
    test("every parameter lives under the environment's app path and equals its env-file variable", async () => {
      const plan = await planOf(stack);
      const env = userDataEnv(
        input(one(plan, "aws:ec2/launchTemplate:LaunchTemplate", `${plan.stack}-app-lt`), "userData"),
      );
      const parameters = ofType(plan, "aws:ssm/parameter:Parameter");
      assert.ok(parameters.length >= 8, `${stack}: expected the app's settings as parameters`);
      for (const p of parameters) {
        const name = String(input(p, "name"));
        assert.ok(name.startsWith(path), `${p.name}: ${name} must live under ${path}`);
        const variable = String(input(p, "description")).split(":")[0]!;
        assert.ok(variable in env, `${name} publishes ${variable}, which the env file does not set`);
        if (input(p, "type") === "String") {
          assert.equal(input(p, "insecureValue"), env[variable], `${name} and ${variable} must agree`);
        }
      }
      assert.equal(env["APP_CONFIG_PATH"], path);
      const byName = new Map(parameters.map((p) => [String(input(p, "name")), p]));
      for (const [suffix, variable] of [
        ["log-level", "LOG_LEVEL"],
        ["db-pool-min", "DB_POOL_MIN"],
        ["db-pool-max", "DB_POOL_MAX"],
        ["node-env", "NODE_ENV"],
      ] as const) {
        const p = byName.get(`${path}${suffix}`);
        assert.ok(p, `${stack}: ${path}${suffix} is missing`);
        assert.equal(input(p, "insecureValue"), env[variable]);
      }
    });

    test("sensitive settings are SecureStrings under the environment's key, redacted in the plan", async () => {
      const plan = await planOf(stack);
      const key = one(plan, "aws:kms/key:Key", `${stack}-kms`);
      const url = one(plan, "aws:ssm/parameter:Parameter", `${stack}-param-database-url`);
      assert.equal(input(url, "type"), "SecureString");
      assert.equal(input(url, "keyId"), arnOf(plan, key));
      assert.equal(input(url, "value"), "[secret]");
      assert.equal(input(url, "insecureValue"), undefined);
    });

    test("the app role reads exactly these parameters and decrypts only through SSM", async () => {
      const plan = await planOf(stack);
      const key = one(plan, "aws:kms/key:Key", `${stack}-kms`);
      const policy = one(plan, "aws:iam/rolePolicy:RolePolicy", `${stack}-app-config`);
      assert.equal(input(policy, "role"), one(plan, "aws:iam/role:Role", `${stack}-app-role`).id);
      const doc = JSON.parse(String(input(policy, "policy"))) as { Statement: Statement[] };
      const arn = (name: string) => `arn:aws:ssm:us-east-1:${MOCK_ACCOUNT_ID}:parameter${name}`;
      const names = ofType(plan, "aws:ssm/parameter:Parameter")
        .map((p) => String(input(p, "name")))
        .sort();
      const bySid = Object.fromEntries(doc.Statement.map((s) => [s.Sid, s]));
      assert.deepEqual(bySid["ReadOwnAppParameters"]!.Resource, names.map(arn));
      assert.deepEqual(bySid["ListOwnAppParameterPath"]!.Resource, [arn(path.slice(0, -1))]);
      assert.deepEqual(bySid["DecryptAppParametersWithOwnKey"]!.Resource, [arnOf(plan, key)]);
      assert.deepEqual(bySid["DecryptAppParametersWithOwnKey"]!.Condition, {
        StringEquals: { "kms:ViaService": "ssm.us-east-1.amazonaws.com" },
      });
      for (const s of doc.Statement)
        assert.ok(!s.Resource.some((r) => r.includes("*")), `${s.Sid}: no wildcard`);
      for (const other of STACKS.filter((s) => s !== stack)) {
        assert.ok(
          !JSON.stringify(doc).includes(`parameter${namespaceOf(other)}`),
          `${stack} must not read ${other}'s parameters`,
        );
      }
    });
  });
}
