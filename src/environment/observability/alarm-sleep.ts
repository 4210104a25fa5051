/**
 * Alarms must not page anyone for a sleeping environment. While it sleeps, EventBridge Scheduler
 * turns the actions of every alarm of the environment off (cloudwatch:DisableAlarmActions) and
 * turns them back on as the servers wake (EnableAlarmActions), calling CloudWatch directly. The
 * alarms keep evaluating, so the dashboard still shows their state; only notifications stop.
 * The alarms themselves also read a sleeping night as normal (src/environment/observability/alarms.ts:
 * group size expressions are 0 at zero desired, database alarms treat missing data as not
 * breaching), so nothing is left in ALARM to fire, or OK to announce, in the morning.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DisableAlarmActions.html
 */
import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { sleepEvent } from "../../config/sleep-schedule";
import { alarmActionsPolicy, alarmArn } from "../../model/iam";
import { limitedNames } from "../../model/names";
import { scheduledCall, schedulerRole, universalTarget } from "../scheduler";
import type { Scope } from "../scope";
import { mapInput } from "../inputs";

/** DisableAlarmActions takes at most 100 alarm names per call. */
export const MAX_ALARMS_PER_CALL = 100;

export interface AlarmSleep {
  readonly role: aws.iam.Role;
  readonly off: aws.scheduler.Schedule;
  readonly on: aws.scheduler.Schedule;
}

export function buildAlarmSleep(
  scope: Scope,
  alarms: readonly aws.cloudwatch.MetricAlarm[],
  alarmNames: readonly string[],
  accountId: pulumi.Input<string>,
): AlarmSleep {
  const { settings } = scope;
  const { sleep } = settings;
  if (alarmNames.length > MAX_ALARMS_PER_CALL) {
    throw new Error(
      `${settings.stack}: ${alarmNames.length} alarms; one call silences at most ${MAX_ALARMS_PER_CALL}`,
    );
  }
  const names = [...alarmNames].sort();
  const role = schedulerRole(
    scope,
    limitedNames(settings.stack).alarmsSleepRole,
    `EventBridge Scheduler: silence the alarms of ${settings.stack} while it sleeps`,
    mapInput(accountId, (account) =>
      alarmActionsPolicy(names.map((n) => alarmArn(settings.region, account, n))),
    ),
    accountId,
  );
  const input = { AlarmNames: names };
  const off = scheduledCall(scope, "alarms-off", {
    event: sleepEvent(sleep, "sleep"),
    timezone: sleep.timezone,
    target: universalTarget("cloudwatch", "disableAlarmActions"),
    input,
    role,
    description: `Silence the alarms of ${settings.stack} while it sleeps`,
    dependsOn: [...alarms],
  });
  const on = scheduledCall(scope, "alarms-on", {
    event: sleepEvent(sleep, "servers-wake"),
    timezone: sleep.timezone,
    target: universalTarget("cloudwatch", "enableAlarmActions"),
    input,
    role,
    description: `Alarms of ${settings.stack} notify again as it wakes`,
    dependsOn: [...alarms],
  });
  return { role, off, on };
}
