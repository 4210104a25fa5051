/**
 * The database's half of the sleep schedule (src/config/sleep-schedule.ts): EventBridge Scheduler
 * calls RDS's StopDBInstance every evening and StartDBInstance before each working day, directly
 * (no function of our own). The stop runs every evening of the week, so an instance RDS starts by
 * itself after seven days stopped, or a person started, is stopped again that evening.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_StopInstance.html
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { sleepEvent } from "../../config/sleep-schedule";
import { databaseSleepPolicy, rdsInstanceArn } from "../../model/iam";
import { limitedNames } from "../../model/names";
import { scheduledCall, schedulerRole, universalTarget } from "../scheduler";
import type { Scope } from "../scope";
import { mapInput } from "../inputs";

export interface DatabaseSleep {
  readonly role: aws.iam.Role;
  readonly stop: aws.scheduler.Schedule;
  readonly start: aws.scheduler.Schedule;
}

export function buildDatabaseSleep(
  scope: Scope,
  database: aws.rds.Instance,
  accountId: pulumi.Input<string>,
): DatabaseSleep {
  const { settings } = scope;
  const { sleep } = settings;
  // The same identifier the instance is created with (src/model/names.ts), so the role can name
  // its one ARN before the instance exists.
  const identifier = limitedNames(settings.stack).database;
  const role = schedulerRole(
    scope,
    limitedNames(settings.stack).databaseSleepRole,
    `EventBridge Scheduler: stop and start ${identifier} only`,
    mapInput(accountId, (account) =>
      databaseSleepPolicy(rdsInstanceArn(settings.region, account, identifier)),
    ),
    accountId,
  );
  // RDS's API names the parameter DBInstanceIdentifier; the universal target takes the SDK's
  // member name, DbInstanceIdentifier.
  const input = { DbInstanceIdentifier: identifier };
  const stop = scheduledCall(scope, "db-stop", {
    event: sleepEvent(sleep, "sleep"),
    timezone: sleep.timezone,
    target: universalTarget("rds", "stopDBInstance"),
    input,
    role,
    description: `Stop ${identifier} every evening (re-stops an instance RDS restarted after seven days)`,
    dependsOn: [database],
  });
  const start = scheduledCall(scope, "db-start", {
    event: sleepEvent(sleep, "database-start"),
    timezone: sleep.timezone,
    target: universalTarget("rds", "startDBInstance"),
    input,
    role,
    description: `Start ${identifier} before each working day`,
    dependsOn: [database],
  });
  return { role, stop, start };
}
