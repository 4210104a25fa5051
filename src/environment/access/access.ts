/**
 * Resources of the access part: one IAM role per team per stack, from the access table
 * (team-access.ts), trusted through the identity account and scoped to this stack's resources.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  ACCESS_MATRIX,
  accessPolicy,
  accessRoleName,
  accessTrustPolicy,
  TEAMS,
  type Team,
} from "./team-access";
import { secretsNamespace } from "../../model/names";
import { partitionOf } from "../../model/iam";
import type { Scope } from "../scope";
import { mapInput } from "../inputs";

/** The stack's resources a role may name, as the resources themselves (their ARNs are outputs). */
export interface AccessTargets {
  readonly accountId: pulumi.Input<string>;
  readonly kmsKeyArn: pulumi.Input<string>;
  readonly logGroups: readonly aws.cloudwatch.LogGroup[];
  readonly dashboards: readonly aws.cloudwatch.Dashboard[];
  readonly alarms: readonly aws.cloudwatch.MetricAlarm[];
  readonly autoScalingGroups: readonly aws.autoscaling.Group[];
  readonly appRoles: readonly aws.iam.Role[];
}

const arns = (values: readonly pulumi.Input<string>[]) => pulumi.all([...values]);

/**
 * One IAM role per team with access to this stack, straight from the access table: "none" cells
 * create nothing. Each role is assumable from the identity account (SSO), and its one inline
 * policy names only this stack's resources — by their own ARNs, so a pattern cannot miss the
 * name a resource really has — its namespace and its key.
 */
export function buildAccessRoles(scope: Scope, args: AccessTargets): Partial<Record<Team, aws.iam.Role>> {
  const { settings } = scope;
  const partition = partitionOf(settings.region);
  const roles: Partial<Record<Team, aws.iam.Role>> = {};
  // Every team's policy names the same resources: their ARNs are gathered once, not per team.
  const targets = pulumi.all([
    args.accountId,
    args.kmsKeyArn,
    arns(args.logGroups.map((g) => g.arn)),
    arns(args.dashboards.map((d) => d.dashboardArn)),
    arns(args.alarms.map((a) => a.arn)),
    arns(args.autoScalingGroups.map((g) => g.arn)),
    arns(args.appRoles.map((r) => r.arn)),
  ]);
  for (const team of TEAMS) {
    const level = ACCESS_MATRIX[settings.tier][team];
    if (level === "none") continue;
    const role = new aws.iam.Role(
      scope.name(`access-${team}`),
      {
        name: accessRoleName(settings.project, settings.stack, team),
        description: `${team} in ${settings.stack}: ${level} (docs/access.md)`,
        assumeRolePolicy: mapInput(args.accountId, (accountId) =>
          JSON.stringify(
            accessTrustPolicy({
              partition,
              identityAccountId: settings.access.identityAccountId ?? accountId,
              permissionSet: settings.access.permissionSets[team],
            }),
          ),
        ),
        maxSessionDuration: 3600,
        tags: { ...scope.tags(`access-${team}`), Team: team, Access: level },
      },
      scope.opts(),
    );
    new aws.iam.RolePolicy(
      scope.name(`access-${team}-policy`),
      {
        role: role.id,
        policy: targets.apply(
          ([
            accountId,
            kmsKeyArn,
            logGroupArns,
            dashboardArns,
            alarmArns,
            autoScalingGroupArns,
            appRoleArns,
          ]) =>
            JSON.stringify(
              accessPolicy(level, {
                region: settings.region,
                accountId,
                stack: settings.stack,
                namespace: secretsNamespace(settings.environment),
                kmsKeyArn,
                logGroupArns,
                dashboardArns,
                alarmArns,
                autoScalingGroupArns,
                appRoleArns,
              }),
            ),
        ),
      },
      scope.opts(),
    );
    roles[team] = role;
  }
  return roles;
}
