/** Runtime flags: one AppConfig application and environment per stack, flags seeded from the stack file. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { MOCK_ACCOUNT_ID } from "../../src/plan/mock-outputs";
import { input, one, ofType, planOf, STACKS, namespaceOf, settingsOf, tierOf } from "../support/plans";
import { arnOf, stateOf } from "../support/arns";

for (const stack of STACKS) {
  describe(`${stack}: runtime flags in AppConfig`, () => {
    test("an application, one environment and a hosted feature-flag profile, deployed", async () => {
      const plan = await planOf(stack);
      const app = one(plan, "aws:appconfig/application:Application");
      const env = one(plan, "aws:appconfig/environment:Environment");
      const profile = one(plan, "aws:appconfig/configurationProfile:ConfigurationProfile");
      assert.equal(input(app, "name"), `infra-${stack}`);
      assert.equal(input(env, "name"), namespaceOf(stack).slice(1, -1));
      assert.equal(input(env, "applicationId"), app.id);
      assert.deepEqual(
        [input(profile, "type"), input(profile, "locationUri")],
        ["AWS.AppConfig.FeatureFlags", "hosted"],
      );
      const deployment = one(plan, "aws:appconfig/deployment:Deployment");
      const strategy = one(plan, "aws:appconfig/deploymentStrategy:DeploymentStrategy");
      assert.equal(input(deployment, "environmentId"), stateOf(plan, env)["environmentId"]);
      assert.equal(
        input(deployment, "configurationProfileId"),
        stateOf(plan, profile)["configurationProfileId"],
      );
      assert.equal(input(deployment, "deploymentStrategyId"), strategy.id);
      assert.equal(input(deployment, "configurationVersion"), "1");
    });

    test("newCheckout starts off unless the stack file turns it on", async () => {
      const plan = await planOf(stack);
      const defaults = one(plan, "aws:ssm/parameter:Parameter", `${stack}-param-feature-defaults`);
      assert.equal(
        input(defaults, "insecureValue"),
        `newCheckout=${settingsOf(stack).runtimeFlags.flags["newCheckout"] ?? false}`,
      );
    });

    test(
      tierOf(stack) === "dev"
        ? "dev deploys flag changes all at once"
        : "flag changes roll out gradually, with bake time",
      async () => {
        const strategy = one(await planOf(stack), "aws:appconfig/deploymentStrategy:DeploymentStrategy");
        const [growth, duration, bake] = [
          "growthFactor",
          "deploymentDurationInMinutes",
          "finalBakeTimeInMinutes",
        ].map((k) => input(strategy, k) as number);
        if (tierOf(stack) === "dev") {
          assert.deepEqual([growth, duration, bake], [100, 0, 0]);
        } else {
          assert.ok(growth! < 100, `${stack}: infra:runtimeFlags.growthFactor ${growth} is all at once`);
          assert.ok(duration! > 0 && bake! > 0, `${stack}: a gradual rollout needs duration and bake time`);
        }
        if (tierOf(stack) === "prod") assert.ok(duration! >= 10 && bake! >= 10, "prod floors");
        assert.equal(input(strategy, "replicateTo"), "NONE");
      },
    );

    test("AppConfig rolls a flag change back on the rollback alarms, through a role that reads alarms only", async () => {
      const plan = await planOf(stack);
      const env = one(plan, "aws:appconfig/environment:Environment");
      const monitors = (input(env, "monitors") ?? []) as { alarmArn: string; alarmRoleArn: string }[];
      const alarms = new Map(
        ofType(plan, "aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => [arnOf(plan, a), a]),
      );
      assert.ok(monitors.length <= 5, "AppConfig takes at most five monitors");
      if (tierOf(stack) === "prod")
        assert.ok(monitors.length >= 1, "prod: a flag rollout must be watched by alarms");
      for (const m of monitors)
        assert.ok(alarms.has(m.alarmArn), `${m.alarmArn} is not an alarm of ${stack}`);
      if (monitors.length === 0) return;
      const role = one(plan, "aws:iam/role:Role", `${stack}-appconfig-monitor-role`);
      assert.deepEqual(new Set(monitors.map((m) => m.alarmRoleArn)), new Set([arnOf(plan, role)]));
      assert.match(String(input(role, "assumeRolePolicy")), /"Service":"appconfig\.amazonaws\.com"/);
      const doc = JSON.parse(
        String(input(one(plan, "aws:iam/rolePolicy:RolePolicy", `${stack}-appconfig-monitor`), "policy")),
      ) as { Statement: { Action: string[]; Resource: string[] }[] };
      // AWS's documented policy for this role: DescribeAlarms on "*" (app-access.ts says why).
      assert.deepEqual(
        doc.Statement.map((s) => [s.Action, s.Resource]),
        [[["cloudwatch:DescribeAlarms"], ["*"]]],
      );
    });

    test("the app role fetches exactly this environment's flag profile", async () => {
      const plan = await planOf(stack);
      const app = one(plan, "aws:appconfig/application:Application");
      const env = one(plan, "aws:appconfig/environment:Environment");
      const profile = one(plan, "aws:appconfig/configurationProfile:ConfigurationProfile");
      const policy = one(plan, "aws:iam/rolePolicy:RolePolicy", `${stack}-app-flags`);
      assert.equal(input(policy, "role"), one(plan, "aws:iam/role:Role", `${stack}-app-role`).id);
      const doc = JSON.parse(String(input(policy, "policy"))) as {
        Statement: { Action: string[]; Resource: string[] }[];
      };
      assert.deepEqual(
        doc.Statement.map((s) => s.Resource),
        [
          [
            `arn:aws:appconfig:us-east-1:${MOCK_ACCOUNT_ID}:application/${String(app.id)}/environment/${String(stateOf(plan, env)["environmentId"])}/configuration/${String(stateOf(plan, profile)["configurationProfileId"])}`,
          ],
        ],
      );
      assert.deepEqual(doc.Statement[0]!.Action, [
        "appconfig:StartConfigurationSession",
        "appconfig:GetLatestConfiguration",
      ]);
    });
  });
}
