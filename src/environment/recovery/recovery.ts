/**
 * Recovery resources: an AWS Backup vault (encrypted with the environment's key) and a plan for
 * the database; where the tier says, a copy of every recovery point in a second region, Vault
 * Lock in compliance mode on both vaults, RDS automated backups replicated to that region, a
 * weekly restore test of the latest recovery point, and backup, copy and restore failures sent to
 * the alarm topic. Which of these exist, and why they are enough, is decided by settings and
 * proven in ./objectives.ts.
 *
 * Resources in the recovery region set `region` (AWS provider v7's per-resource region) and keep
 * the stack's one provider: its default tags and its account guard (allowedAccountIds) cover
 * them too, as they do CloudFront's us-east-1 resources (src/environment/edge/edge.ts).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { partitionOf } from "../../model/iam";
import type { Scope } from "../scope";
import { backupSchedule, restoreTestingName, VAULT_LOCK_COOLING_OFF_DAYS } from "./objectives";
import { BACKUP_FAILURE_EVENTS, BACKUP_MANAGED_POLICIES, RESTORE_FAILURE_EVENTS } from "./backup-service";
import { mapInput } from "../inputs";

export interface RecoveryArgs {
  readonly database: aws.rds.Instance;
  /** The environment's KMS key: the primary vault's encryption. */
  readonly key: aws.kms.Key;
  readonly alarmTopic: aws.sns.Topic;
  readonly accountId: pulumi.Input<string>;
}

export interface Recovery {
  readonly vault: aws.backup.Vault;
  readonly plan: aws.backup.Plan;
  readonly copyVault?: aws.backup.Vault;
}

export function buildRecovery(scope: Scope, args: RecoveryArgs): Recovery | undefined {
  const { settings } = scope;
  const r = settings.recovery;
  if (!r.backupPlan && !r.replicateAutomatedBackups) return undefined;
  const copyRegion = r.copyRegion ?? undefined;
  const inCopyRegion = copyRegion ? { region: copyRegion } : {};

  // The recovery region's own key: a KMS key never leaves its region, and both the copies and
  // the replicated automated backups must be encrypted there.
  const copyKey = copyRegion
    ? new aws.kms.Key(
        scope.name("recovery-kms"),
        {
          ...inCopyRegion,
          description: `${settings.environment} recovery key in ${copyRegion} (${settings.project}/${settings.stack})`,
          enableKeyRotation: true,
          deletionWindowInDays: settings.secrets.kmsDeletionWindowDays,
          policy: mapInput(args.accountId, (account) =>
            JSON.stringify({
              Version: "2012-10-17",
              Statement: [
                {
                  // KMS's default statement: IAM policies in this account decide who uses the key
                  // (AWS Backup's role and RDS, through the grants they create).
                  Sid: "AccountAdministersKeyThroughIam",
                  Effect: "Allow",
                  Principal: { AWS: `arn:${partitionOf(copyRegion)}:iam::${account}:root` },
                  Action: ["kms:*"],
                  Resource: "*",
                },
              ],
            }),
          ),
          tags: scope.tags("recovery-kms"),
        },
        scope.statefulOpts(),
      )
    : undefined;
  if (copyKey) {
    new aws.kms.Alias(
      scope.name("recovery-kms-alias"),
      {
        ...inCopyRegion,
        name: `alias/${settings.project}/${settings.stack}/recovery`,
        targetKeyId: copyKey.keyId,
      },
      scope.opts(),
    );
  }

  if (r.replicateAutomatedBackups && copyKey) {
    // Point-in-time restore in the recovery region: RDS copies every snapshot and transaction
    // log there as soon as it is ready. Created in the destination region, like the API call.
    new aws.rds.InstanceAutomatedBackupsReplication(
      scope.name("db-backup-replication"),
      {
        ...inCopyRegion,
        sourceDbInstanceArn: args.database.arn,
        kmsKeyId: copyKey.arn,
        retentionPeriod: settings.database.backupRetentionDays,
      },
      scope.opts(),
    );
  }
  if (!r.backupPlan) return undefined;

  const role = new aws.iam.Role(
    scope.name("backup-role"),
    {
      description: `AWS Backup for ${settings.stack}: backups, copies and restore tests`,
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: "backup.amazonaws.com" },
            Action: "sts:AssumeRole",
          },
        ],
      }),
      tags: scope.tags("backup-role"),
    },
    scope.opts(),
  );
  const partition = partitionOf(settings.region);
  BACKUP_MANAGED_POLICIES.forEach((policy, i) => {
    new aws.iam.RolePolicyAttachment(
      scope.name(`backup-role-policy-${i}`),
      { role: role.name, policyArn: `arn:${partition}:iam::aws:policy/${policy}` },
      scope.opts(),
    );
  });
  // The managed policies let AWS Backup use keys it is granted; these are the environment's
  // customer keys: the database's (its snapshots) and the recovery region's (its copies).
  new aws.iam.RolePolicy(
    scope.name("backup-role-keys"),
    {
      role: role.id,
      policy: pulumi.all([args.key.arn, copyKey?.arn ?? pulumi.output(undefined)]).apply(([key, copy]) =>
        JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "UseEnvironmentKeys",
              Effect: "Allow",
              Action: [
                "kms:Decrypt",
                "kms:Encrypt",
                "kms:ReEncrypt*",
                "kms:GenerateDataKey*",
                "kms:DescribeKey",
              ],
              Resource: copy ? [key, copy] : [key],
            },
            {
              // Grants only for the AWS services doing the copy or restore (RDS, AWS Backup).
              Sid: "GrantEnvironmentKeysToAwsServices",
              Effect: "Allow",
              Action: "kms:CreateGrant",
              Resource: copy ? [key, copy] : [key],
              Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
            },
          ],
        }),
      ),
    },
    scope.opts(),
  );

  const vault = new aws.backup.Vault(
    scope.name("backup-vault"),
    { name: scope.name("backup-vault"), kmsKeyArn: args.key.arn, tags: scope.tags("backup-vault") },
    scope.statefulOpts(),
  );
  const copyVault = copyKey
    ? new aws.backup.Vault(
        scope.name("backup-vault-copy"),
        {
          ...inCopyRegion,
          name: scope.name("backup-vault-copy"),
          kmsKeyArn: copyKey.arn,
          tags: scope.tags("backup-vault-copy"),
        },
        scope.statefulOpts(),
      )
    : undefined;
  if (r.vaultLock) {
    // Compliance mode (ChangeableForDays set): after the cooling-off the lock can never be
    // removed or changed, and no recovery point can be deleted before its retention ends, by
    // anyone. Its minimum is the retention, so no job can store a shorter-lived point; there is
    // no maximum, so a longer retention stays possible. Lowering the retention below the
    // minimum after the lock date makes every backup job fail: docs/disaster-recovery.md.
    const lock = (suffix: string, target: aws.backup.Vault, days: number, region: object) =>
      new aws.backup.VaultLockConfiguration(
        scope.name(suffix),
        {
          ...region,
          backupVaultName: target.name,
          changeableForDays: VAULT_LOCK_COOLING_OFF_DAYS,
          minRetentionDays: days,
        },
        scope.statefulOpts(),
      );
    lock("backup-vault-lock", vault, r.backupRetentionDays, {});
    if (copyVault) lock("backup-vault-copy-lock", copyVault, r.copyRetentionDays, inCopyRegion);
  }

  const plan = new aws.backup.Plan(
    scope.name("backup-plan"),
    {
      name: scope.name("backup-plan"),
      rules: [
        {
          ruleName: `every-${r.backupIntervalHours}h`,
          targetVaultName: vault.name,
          schedule: backupSchedule(r.backupIntervalHours),
          // Start within the hour, finish before the next run.
          startWindow: 60,
          completionWindow: Math.max(120, r.backupIntervalHours * 60),
          lifecycle: { deleteAfter: r.backupRetentionDays },
          copyActions: copyVault
            ? [{ destinationVaultArn: copyVault.arn, lifecycle: { deleteAfter: r.copyRetentionDays } }]
            : [],
          recoveryPointTags: { Stack: settings.stack },
        },
      ],
      tags: scope.tags("backup-plan"),
    },
    scope.opts(),
  );
  // ElastiCache is not an AWS Backup resource type (its own snapshots, infra:cache, cover it and
  // it is rebuilt from the database); the audit bucket is versioned, locked by its lifecycle.
  new aws.backup.Selection(
    scope.name("backup-selection"),
    {
      name: scope.name("backup-selection"),
      planId: plan.id,
      iamRoleArn: role.arn,
      resources: [args.database.arn],
    },
    scope.opts(),
  );

  if (r.restoreTesting) {
    const testPlan = new aws.backup.RestoreTestingPlan(
      scope.name("restore-testing"),
      {
        name: restoreTestingName(settings.stack, "restore_test"),
        scheduleExpression: r.restoreTestingSchedule,
        scheduleExpressionTimezone: "Etc/UTC",
        startWindowHours: 24,
        recoveryPointSelection: {
          algorithm: "LATEST_WITHIN_WINDOW",
          includeVaults: [vault.arn],
          recoveryPointTypes: ["SNAPSHOT"],
          selectionWindowDays: Math.min(7, r.backupRetentionDays),
        },
        tags: scope.tags("restore-testing"),
      },
      scope.opts(),
    );
    new aws.backup.RestoreTestingSelection(
      scope.name("restore-testing-db"),
      {
        name: restoreTestingName(settings.stack, "database"),
        restoreTestingPlanName: testPlan.name,
        protectedResourceType: "RDS",
        protectedResourceArns: [args.database.arn],
        iamRoleArn: role.arn,
        // The restored copy lives one hour (long enough to be validated), then AWS Backup deletes it.
        validationWindowHours: 1,
        // Inferred metadata would restore into the default VPC, which this account need not have:
        // the database's own subnet group and security group instead (keys are case-insensitive).
        restoreMetadataOverrides: {
          dbsubnetgroupname: args.database.dbSubnetGroupName,
          vpcsecuritygroupids: args.database.vpcSecurityGroupIds.apply((ids) => JSON.stringify(ids)),
        },
      },
      scope.opts(),
    );
  }

  // Backup, copy and restore-test failures reach the people the alarms reach.
  const notify = (suffix: string, description: string, pattern: object) => {
    const rule = new aws.cloudwatch.EventRule(
      scope.name(suffix),
      {
        description: `${settings.stack}: ${description}`,
        eventPattern: JSON.stringify(pattern),
        tags: scope.tags(suffix),
      },
      scope.opts(),
    );
    new aws.cloudwatch.EventTarget(
      scope.name(`${suffix}-alarm`),
      { rule: rule.name, arn: args.alarmTopic.arn },
      scope.opts(),
    );
  };
  notify("backup-failures", "AWS Backup backup or copy job failed", BACKUP_FAILURE_EVENTS);
  notify("restore-failures", "AWS Backup restore (or restore test) failed", RESTORE_FAILURE_EVENTS);
  return { vault, plan, copyVault };
}
