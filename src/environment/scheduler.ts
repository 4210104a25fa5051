/**
 * EventBridge Scheduler schedules that call an AWS API directly through its universal target
 * (`arn:aws:scheduler:::aws-sdk:<service>:<apiAction>`): no function of our own to deploy, patch
 * or pay for. Used by the sleep schedule to stop and start the database and to silence the
 * alarms (src/environment/data/database-sleep.ts, src/environment/observability/alarm-sleep.ts).
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-targets-universal.html
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type SleepEvent, schedulerCron } from "../config/sleep-schedule";
import { assumeRolePolicy, type PolicyDocument } from "../model/iam";
import type { Scope } from "./scope";
import { jsonInput, mapInput } from "./inputs";

/** The universal target of one API action: the action in camelCase, as the SDK names it. */
export function universalTarget(service: string, apiAction: string): string {
  return `arn:aws:scheduler:::aws-sdk:${service}:${apiAction}`;
}

/**
 * A role EventBridge Scheduler assumes to make the calls, allowed exactly `policy`. `name` is its
 * logical name from src/model/names.ts (limitedNames), where its length is checked.
 */
export function schedulerRole(
  scope: Scope,
  name: string,
  description: string,
  policy: pulumi.Input<PolicyDocument>,
  accountId: pulumi.Input<string>,
): aws.iam.Role {
  const suffix = name.slice(scope.settings.stack.length + 1);
  const role = new aws.iam.Role(
    name,
    {
      // Only this account's schedules: EventBridge Scheduler user guide, "Set up the execution
      // role" (https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role,
      // 2026-12-02), aws:SourceAccount against the confused deputy.
      assumeRolePolicy: mapInput(accountId, (account) =>
        JSON.stringify(assumeRolePolicy("scheduler.amazonaws.com", { account })),
      ),
      description,
      tags: scope.tags(suffix),
    },
    scope.opts(),
  );
  new aws.iam.RolePolicy(
    scope.name(`${suffix}-policy`),
    { role: role.id, policy: mapInput(policy, (p) => JSON.stringify(p)) },
    scope.opts(),
  );
  return role;
}

/**
 * One recurring call on the working week's clock. The time zone is the schedule's own, so 08:00
 * stays 08:00 across daylight-saving changes. The window is exact (mode OFF): a database started
 * late is a late morning. A failed call is retried for an hour, then dropped: the next evening or
 * morning runs again.
 */
export function scheduledCall(
  scope: Scope,
  suffix: string,
  args: {
    readonly event: SleepEvent;
    readonly timezone: string;
    readonly target: string;
    readonly input: pulumi.Input<Record<string, unknown>>;
    readonly role: aws.iam.Role;
    readonly description: string;
    readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
  },
): aws.scheduler.Schedule {
  return new aws.scheduler.Schedule(
    scope.name(suffix),
    {
      description: args.description,
      scheduleExpression: schedulerCron(args.event),
      scheduleExpressionTimezone: args.timezone,
      flexibleTimeWindow: { mode: "OFF" },
      state: "ENABLED",
      target: {
        arn: args.target,
        roleArn: args.role.arn,
        input: jsonInput(args.input),
        retryPolicy: { maximumEventAgeInSeconds: 3600, maximumRetryAttempts: 3 },
      },
    },
    scope.opts({ dependsOn: args.dependsOn }),
  );
}
