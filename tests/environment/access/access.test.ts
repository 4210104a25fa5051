/** The access table's levels: what each grants, and that each grants no more than it says. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  ACCESS_LEVELS,
  ACCESS_MATRIX,
  accessPolicy,
  type AccessLevel,
  renderAccessMatrix,
  TEAMS,
} from "../../../src/environment/access/team-access";

const SCOPE = {
  region: "us-east-1",
  accountId: "123456789012",
  stack: "prod",
  namespace: "/production/",
  kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/k",
  logGroupArns: ["arn:aws:logs:us-east-1:123456789012:log-group:/infra/prod/app"],
  dashboardArns: ["arn:aws:cloudwatch::123456789012:dashboard/infra-prod"],
  alarmArns: ["arn:aws:cloudwatch:us-east-1:123456789012:alarm:prod-alb-5xx-rate"],
  autoScalingGroupArns: [
    "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:u:autoScalingGroupName/prod-app-asg-1",
  ],
  appRoleArns: ["arn:aws:iam::123456789012:role/prod-app-role-1"],
};

const actions = (level: AccessLevel) =>
  new Set((accessPolicy(level, SCOPE)?.Statement ?? []).flatMap((s) => [...s.Action]));
const WRITES = /:(Put|Create|Delete|Update|Modify|Start(?!Query)|Cancel|Rollback|Pass|\*)/;

describe("access levels", () => {
  test("the seed's table, cell by cell", () => {
    assert.deepEqual(ACCESS_MATRIX, {
      dev: { developers: "full", qa: "none", platform: "full", executives: "none" },
      staging: { developers: "read-deploy", qa: "full", platform: "full", executives: "read-only" },
      prod: {
        developers: "read-only-logs",
        qa: "read-only",
        platform: "full",
        executives: "read-only-dashboards",
      },
    });
  });

  test('"none" has no policy; every other level has one', () => {
    for (const level of ACCESS_LEVELS)
      assert.equal(accessPolicy(level, SCOPE) === undefined, level === "none", level);
  });

  test("read-only logs reads CloudWatch Logs only; read-only dashboards CloudWatch only", () => {
    for (const a of actions("read-only-logs")) assert.match(a, /^logs:(Describe|Get|Filter|StartQuery)/);
    for (const a of actions("read-only-dashboards")) assert.match(a, /^cloudwatch:(Describe|Get|List)/);
  });

  test("read-only levels write nothing and never read a secret value or decrypt", () => {
    for (const level of ["read-only", "read-only-logs", "read-only-dashboards"] as const)
      for (const a of actions(level)) {
        assert.doesNotMatch(a, WRITES, `${level}: ${a}`);
        assert.doesNotMatch(a, /GetSecretValue|kms:Decrypt|ssm:GetParameter/, `${level}: ${a}`);
      }
  });

  test("each level includes the one below it: full ⊇ read-deploy ⊇ read-only ⊇ logs ∪ dashboards", () => {
    const subset = (a: Set<string>, b: Set<string>) => [...a].filter((x) => !b.has(x));
    assert.deepEqual(subset(actions("read-only-logs"), actions("read-only")), []);
    assert.deepEqual(subset(actions("read-only-dashboards"), actions("read-only")), []);
    assert.deepEqual(subset(actions("read-only"), actions("read-deploy")), []);
    assert.deepEqual(subset(actions("read-deploy"), actions("full")), []);
  });

  test("only full may read secret values, and only under the stack's own namespace", () => {
    for (const level of ACCESS_LEVELS.filter((l) => l !== "none")) {
      const secretStatements = accessPolicy(level, SCOPE)!.Statement.filter((s) =>
        s.Action.some((a) => a === "secretsmanager:*" || a === "secretsmanager:GetSecretValue"),
      );
      assert.equal(secretStatements.length > 0, level === "full", level);
      for (const s of secretStatements)
        assert.deepEqual(s.Resource, ["arn:aws:secretsmanager:us-east-1:123456789012:secret:/production/*"]);
    }
  });

  test("the rendered matrix has a row per tier and a column per team", () => {
    const lines = renderAccessMatrix().split("\n\n")[0]!.split("\n");
    assert.equal(lines.length, 2 + Object.keys(ACCESS_MATRIX).length);
    assert.equal(lines[0]!.split("|").length - 2, TEAMS.length + 1);
    assert.match(
      lines.find((l) => l.includes("**prod**"))!,
      /Read-only logs \| Read-only \| Full access \| Read-only dashboards/,
    );
  });
});
