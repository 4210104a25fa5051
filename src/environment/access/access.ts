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

/**
 * One IAM role per team with access to this stack, straight from the access table: "none" cells
 * create nothing. Each role is assumable from the identity account (SSO), and its one inline
 * policy names only this stack's resources, namespace and key.
 */
export function buildAccessRoles(
  scope: Scope,
  args: { accountId: pulumi.Input<string>; kmsKeyArn: pulumi.Input<string> },
): Partial<Record<Team, aws.iam.Role>> {
  const { settings } = scope;
  const partition = partitionOf(settings.region);
  const roles: Partial<Record<Team, aws.iam.Role>> = {};
  for (const team of TEAMS) {
    const level = ACCESS_MATRIX[settings.tier][team];
    if (level === "none") continue;
    const role = new aws.iam.Role(
      scope.name(`access-${team}`),
      {
        name: accessRoleName(settings.project, settings.stack, team),
        description: `${team} in ${settings.stack}: ${level} (docs/access.md)`,
        assumeRolePolicy: pulumi.output(args.accountId).apply((accountId) =>
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
        policy: pulumi.all([args.accountId, args.kmsKeyArn]).apply(([accountId, kmsKeyArn]) =>
          JSON.stringify(
            accessPolicy(level, {
              region: settings.region,
              accountId,
              stack: settings.stack,
              namespace: secretsNamespace(settings.environment),
              kmsKeyArn,
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
