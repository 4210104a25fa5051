/**
 * Rollouts per tier, from settings and as the plans would run them: staging blue-green (every
 * new instance launched and healthy before any old one stops), production a canary that
 * reaches 100 % over about two hours with checkpoints, automatic rollback on the error-rate,
 * latency and unhealthy-host alarms, and a manual rollback that fits in five minutes.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { resolveSettings } from "../../src/config/resolve";
import { rollbackMinutes, rolloutPlan } from "../../src/environment/app/rollout";
import { input, one, ofType, planOf, PROJECT, PROJECT_DIR, STACKS } from "../support/plans";
import { readStackFile } from "../../src/config/stack-files";

interface Preferences {
  checkpointPercentages?: number[];
  checkpointDelay?: string;
  minHealthyPercentage: number;
  maxHealthyPercentage: number;
  autoRollback: boolean;
  alarmSpecification?: { alarms: string[] };
}

function settingsOf(stack: string) {
  const file = readStackFile(PROJECT_DIR, stack, PROJECT);
  return resolveSettings({ project: PROJECT, stack, config: file.config, secretKeys: file.secretKeys })
    .settings;
}

for (const stack of STACKS) {
  describe(`${stack}: rollout of a new image or AMI`, () => {
    test("the group's instance refresh carries the tier's rollout settings", async () => {
      const settings = settingsOf(stack);
      const prefs = input(
        one(await planOf(stack), "aws:autoscaling/group:Group", `${stack}-app-asg`),
        "instanceRefresh.preferences",
      ) as Preferences;
      assert.equal(prefs.minHealthyPercentage, settings.rollout.minHealthyPercent);
      assert.equal(prefs.maxHealthyPercentage, settings.rollout.maxHealthyPercent);
      assert.equal(prefs.autoRollback, settings.rollout.autoRollback);
      assert.deepEqual(prefs.checkpointPercentages ?? [], [...settings.rollout.checkpointPercentages]);
      if (settings.rollout.checkpointPercentages.length > 0)
        assert.equal(Number(prefs.checkpointDelay), settings.rollout.checkpointDelaySeconds);
    });

    test("the strategy is the specification's for the tier", async () => {
      const settings = settingsOf(stack);
      const plan = rolloutPlan(settings.rollout);
      if (settings.tier === "staging") {
        assert.equal(plan.strategy, "blue-green", plan.summary);
        // AWS launches replacements first when the minimum is 100 % and the maximum above it.
        assert.ok(settings.rollout.minHealthyPercent >= 100 && settings.rollout.maxHealthyPercent === 200);
      }
      if (settings.tier === "prod") {
        assert.equal(plan.strategy, "canary", plan.summary);
        assert.ok(plan.steps.length >= 3, "checkpoints on the way to 100 %");
        assert.ok(plan.steps[0]! <= 10, "a small canary first");
        assert.equal(plan.steps.at(-1), 100);
        assert.ok(
          plan.watchedMinutes >= 105 && plan.watchedMinutes <= 135,
          `about two hours to 100 %; got ${plan.watchedMinutes} min`,
        );
        assert.ok(plan.launchesBeforeTerminating, "never below the whole group while the canary runs");
      }
      if (settings.tier !== "dev") assert.ok(plan.autoRollback);
    });

    test("automatic rollback watches errors, latency and unhealthy hosts", async () => {
      const planned = await planOf(stack);
      const settings = settingsOf(stack);
      if (!settings.loadBalancer.enabled) return;
      const prefs = input(
        one(planned, "aws:autoscaling/group:Group", `${stack}-app-asg`),
        "instanceRefresh.preferences",
      ) as Preferences;
      const alarms = prefs.alarmSpecification?.alarms ?? [];
      const byName = new Map(
        ofType(planned, "aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => [input(a, "name"), a]),
      );
      const metricsOf = (name: string) => JSON.stringify(byName.get(name)?.inputs ?? {});
      const watched = alarms.map(metricsOf).join("\n");
      for (const metric of ["HTTPCode_Target_5XX_Count", "TargetResponseTime", "UnHealthyHostCount"])
        assert.ok(watched.includes(metric), `${stack}: no rollback alarm watches ${metric}`);
      // "Twice its normal level": one alarm compares the error rate with its own learned baseline.
      assert.ok(
        alarms.some((name) => metricsOf(name).includes("ANOMALY_DETECTION_BAND")),
        `${stack}: no rollback alarm compares the error rate with its normal level`,
      );
    });

    test("a manual rollback to the previous image takes under five minutes", async () => {
      const tg = ofType(await planOf(stack), "aws:lb/targetGroup:TargetGroup")[0];
      const healthySeconds = tg
        ? Number(input(tg, "healthCheck.healthyThreshold")) * Number(input(tg, "healthCheck.interval"))
        : 0;
      assert.ok(rollbackMinutes(healthySeconds) < 5, `${rollbackMinutes(healthySeconds)} min`);
    });
  });
}
