/**
 * Access isolation across the three plans: one role per team with access, permissions exactly
 * its cell of the access table, and no IAM policy naming another stack's resources or secrets.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  ACCESS_MATRIX,
  accessPolicy,
  accessRoleName,
  accessTrustPolicy,
  TEAMS,
} from "../../src/environment/access/team-access";
import { planTier } from "../../src/policy/from-plan";
import { MOCK_ACCOUNT_ID } from "../../src/plan/mock-outputs";
import type { Plan } from "../../src/model/plan";
import { early, input, one, ofType, planOf, PROJECT, STACKS, namespaceOf } from "../support/plans";
import { SSO_ACCESS, stagingWithSsoAndMonitoring } from "../support/variations";
import { arnOf } from "../support/arns";

const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";

const json = (value: unknown) => JSON.parse(String(value)) as unknown;
const accessRoles = (plan: Plan) =>
  ofType(plan, ROLE).filter((r) => r.name.startsWith(`${plan.stack}-access-`));

/** Every string inside every IAM document a stack registers (policies and trust policies). */
function iamStrings(plan: Plan): string[] {
  const docs = plan.resources.flatMap((r) =>
    ["policy", "assumeRolePolicy"]
      .map((k) => r.inputs[k])
      .filter((v): v is string => typeof v === "string" && v.startsWith("{")),
  );
  const strings: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === "string") strings.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") Object.entries(v).forEach(([k, x]) => (strings.push(k), walk(x)));
  };
  docs.forEach((d) => walk(JSON.parse(d)));
  return strings;
}

for (const stack of STACKS) {
  describe(`${stack}: access roles from the access table`, () => {
    test("one role per team with access; teams with no access get none", async () => {
      const plan = await planOf(stack);
      const row = ACCESS_MATRIX[planTier(plan)];
      assert.deepEqual(
        accessRoles(plan)
          .map((r) => input(r, "name"))
          .sort(),
        TEAMS.filter((t) => row[t] !== "none")
          .map((t) => accessRoleName(PROJECT, stack, t))
          .sort(),
      );
      assert.deepEqual(
        Object.keys(plan.outputs["accessRoleArns"] as object).sort(),
        TEAMS.filter((t) => row[t] !== "none").sort(),
      );
    });

    test("every role's permissions are exactly its cell, scoped to this stack", async () => {
      const plan = await planOf(stack);
      const tier = planTier(plan);
      const kmsKeyArn = String(plan.outputs["kmsKeyArn"]);
      for (const team of TEAMS.filter((t) => ACCESS_MATRIX[tier][t] !== "none")) {
        const role = one(plan, ROLE, `${stack}-access-${team}`);
        const policy = one(plan, ROLE_POLICY, `${stack}-access-${team}-policy`);
        assert.equal(input(policy, "role"), role.id);
        // Every resource by its planned ARN: the policy names what the stack created, nothing else.
        const arns = (type: string, filter: (name: string) => boolean = () => true, output = "arn") =>
          ofType(plan, type)
            .filter((r) => filter(r.name))
            .map((r) => arnOf(plan, r, output));
        const expected = accessPolicy(ACCESS_MATRIX[tier][team], {
          region: "us-east-1",
          accountId: MOCK_ACCOUNT_ID,
          stack,
          namespace: namespaceOf(stack),
          kmsKeyArn,
          logGroupArns: arns("aws:cloudwatch/logGroup:LogGroup"),
          dashboardArns: arns("aws:cloudwatch/dashboard:Dashboard", undefined, "dashboardArn"),
          alarmArns: arns("aws:cloudwatch/metricAlarm:MetricAlarm"),
          autoScalingGroupArns: arns("aws:autoscaling/group:Group"),
          appRoleArns: arns(ROLE, (n) => n === `${stack}-app-role`),
        });
        assert.deepEqual(json(input(policy, "policy")), expected, `${stack}/${team}`);
        assert.deepEqual(
          json(input(role, "assumeRolePolicy")),
          accessTrustPolicy({
            partition: "aws",
            identityAccountId: MOCK_ACCOUNT_ID,
            permissionSet: {
              developers: "Developers",
              qa: "QA",
              platform: "Platform",
              executives: "Executives",
            }[team],
          }),
        );
      }
    });
  });
}

describe("no stack's IAM names another stack's resources or secrets", () => {
  test("across the three plans", async () => {
    const plans = await Promise.all(STACKS.map((s) => planOf(s)));
    for (const plan of plans) {
      const strings = iamStrings(plan);
      assert.ok(strings.length > 0);
      for (const other of STACKS.filter((s) => s !== plan.stack)) {
        const namespace = namespaceOf(other);
        const leaks = strings.filter(
          (v) =>
            v.includes(namespace) ||
            v === other ||
            new RegExp(`(^|[:/*])${other}-`).test(v) ||
            v.includes(`alias/${PROJECT}/${other}`),
        );
        assert.deepEqual(leaks, [], `${plan.stack}'s IAM names ${other}`);
      }
    }
  });
});

describe("an identity account and SSO permission sets from config", () => {
  const sso = early(stagingWithSsoAndMonitoring());
  test("the roles trust the identity account, each through its team's permission set", async () => {
    const plan = await sso;
    const trust = (team: string) =>
      json(input(one(plan, ROLE, `staging-access-${team}`), "assumeRolePolicy"));
    assert.deepEqual(
      trust("qa"),
      accessTrustPolicy({
        partition: "aws",
        identityAccountId: SSO_ACCESS.identityAccountId,
        permissionSet: SSO_ACCESS.permissionSets.qa,
      }),
    );
    assert.deepEqual(
      trust("executives"),
      accessTrustPolicy({
        partition: "aws",
        identityAccountId: SSO_ACCESS.identityAccountId,
        permissionSet: SSO_ACCESS.permissionSets.executives,
      }),
    );
    assert.deepEqual(
      trust("developers"),
      accessTrustPolicy({
        partition: "aws",
        identityAccountId: SSO_ACCESS.identityAccountId,
        permissionSet: "Developers",
      }),
    );
  });
});
