/** Rollout strategy, rollback-ability of a launch template's image and the manual rollback command. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import {
  imageRollbackProblem,
  ROLLBACK_PREFERENCES,
  rollbackCommand,
  rolloutPlan,
} from "../../../src/environment/app/rollout";
import { TIER_DEFAULTS } from "../../../src/config/tiers";
import { shellcheck, skipWithout } from "../../support/host-tools";

test("an image resolved from SSM at launch is one auto-rollback cannot undo", () => {
  assert.match(
    imageRollbackProblem(
      "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
    ) ?? "",
    /rollback cannot undo/,
  );
  assert.ok(imageRollbackProblem("ami-123") !== undefined, "not an AMI id");
  assert.ok(imageRollbackProblem(undefined) !== undefined, "no image");
  assert.equal(imageRollbackProblem("ami-0123456789abcdef0"), undefined);
  assert.equal(imageRollbackProblem("ami-01234567"), undefined);
});

test("the tiers' rollouts: dev replaces, staging is blue-green, prod a canary over about two hours", () => {
  assert.equal(rolloutPlan(TIER_DEFAULTS.dev.groups.rollout).strategy, "replace");
  const staging = rolloutPlan(TIER_DEFAULTS.staging.groups.rollout);
  assert.equal(staging.strategy, "blue-green");
  assert.ok(staging.launchesBeforeTerminating);
  const prod = rolloutPlan(TIER_DEFAULTS.prod.groups.rollout);
  assert.equal(prod.strategy, "canary");
  assert.deepEqual(prod.steps, [10, 25, 50, 75, 100]);
  assert.equal(prod.watchedMinutes, 120);
  assert.match(prod.summary, /canary 10 → 25 → 50 → 75 → 100 % over 2 h/);
});

test("a rollout that may stop old instances first is not blue-green", () => {
  const r = { ...TIER_DEFAULTS.staging.groups.rollout, minHealthyPercent: 50, maxHealthyPercent: 150 };
  assert.equal(rolloutPlan(r).strategy, "replace");
});

test("the manual rollback is one command: a refresh to the launch template's previous version, all at once", () => {
  const command = rollbackCommand({ autoScalingGroupName: "prod-app-asg-123", launchTemplateId: "lt-0abc" });
  assert.match(
    command,
    /^aws autoscaling start-instance-refresh --auto-scaling-group-name prod-app-asg-123 /,
  );
  assert.match(command, /LatestVersionNumber' --output text\) - 1 \)\)/);
  assert.ok(command.includes(JSON.stringify(ROLLBACK_PREFERENCES)));
  assert.equal(
    ROLLBACK_PREFERENCES.MinHealthyPercentage,
    100,
    "old instances serve until the new are healthy",
  );
  assert.ok(!command.includes("\n"), "one line");
});

test("the rollback command is valid shell (shellcheck)", { skip: skipWithout("shellcheck") }, () => {
  const command = rollbackCommand({ autoScalingGroupName: "prod-app-asg-123", launchTemplateId: "lt-0abc" });
  const result = shellcheck(`#!/bin/bash\n${command}\n`);
  assert.ok(result.ok, result.output);
});

test("docs/promotion.md documents exactly this command", () => {
  const doc = readFileSync(join(__dirname, "../../../docs/promotion.md"), "utf8");
  assert.ok(doc.includes(rollbackCommand({ autoScalingGroupName: "<asg>", launchTemplateId: "<lt>" })));
});
