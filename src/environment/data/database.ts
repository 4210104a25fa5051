/**
 * Resources of the database: RDS PostgreSQL with its subnet and parameter groups, forced TLS,
 * encrypted storage, log groups made first, and per-tier Multi-AZ, backups and deletion protection.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { POSTGRES_LOG_EXPORTS } from "../observability/log-groups";
import { databaseIdentifier } from "../../model/names";
import type { Network } from "../network/network";
import type { Scope } from "../scope";
import type { Secrets } from "../secrets/secrets";
import type { SecurityGroups } from "../network/security-groups";
import { jsonInput, mapInput } from "../inputs";

export const POSTGRES_PORT = 5432;

/** AWS's published single-user rotation function for RDS PostgreSQL (Serverless Application Repository). */
export const POSTGRES_ROTATION_APP =
  "arn:aws:serverlessrepo:us-east-1:297356227824:applications/SecretsManagerRDSPostgreSQLRotationSingleUser";

/** A staging label (1–256 characters) that keeps the version this program created from being deleted. */
export const TRACKED_SECRET_VERSION_LABEL = "INFRA_CREATED";

export interface Database {
  readonly instance: aws.rds.Instance;
}

/**
 * RDS PostgreSQL in the isolated subnets: encrypted with the environment's key, TLS forced by
 * the parameter group, backups kept per tier. The master password comes from @pulumi/random and
 * is stored (with the connection details) as the namespace's database secret.
 */
export function buildDatabase(
  scope: Scope,
  network: Network,
  groups: SecurityGroups,
  secrets: Secrets,
  logGroups: readonly aws.cloudwatch.LogGroup[],
): Database {
  const { settings } = scope;
  const db = settings.database;
  const rotation = settings.secrets.rotationDays !== null;

  const subnetGroup = new aws.rds.SubnetGroup(
    scope.name("db-subnets"),
    { subnetIds: network.subnets.data.map((s) => s.id), tags: scope.tags("db-subnets") },
    scope.opts(),
  );
  const parameters = new aws.rds.ParameterGroup(
    scope.name("db-params"),
    {
      family: `postgres${db.engineVersion}`,
      description: `PostgreSQL ${db.engineVersion} for ${settings.stack}: TLS required`,
      parameters: [
        { name: "rds.force_ssl", value: "1", applyMethod: "pending-reboot" },
        { name: "log_min_duration_statement", value: "1000" },
      ],
      tags: scope.tags("db-params"),
    },
    scope.opts(),
  );
  // A fresh suffix per instance, so a second final snapshot never collides with the first.
  const snapshotSuffix = db.finalSnapshot
    ? new random.RandomId(scope.name("db-final-snapshot-id"), { byteLength: 4 }, scope.opts())
    : undefined;

  const instance = new aws.rds.Instance(
    scope.name("db"),
    {
      // Fixed, not autonamed: RDS names its log groups and metrics after it.
      identifier: databaseIdentifier(settings.stack),
      engine: "postgres",
      engineVersion: db.engineVersion,
      instanceClass: db.instanceClass,
      allocatedStorage: db.allocatedStorageGb,
      maxAllocatedStorage: db.maxAllocatedStorageGb,
      storageType: "gp3",
      storageEncrypted: true,
      kmsKeyId: secrets.key.arn,
      multiAz: db.multiAz,
      dbName: db.name,
      username: db.username,
      password: secrets.dbPassword.result,
      port: POSTGRES_PORT,
      dbSubnetGroupName: subnetGroup.name,
      parameterGroupName: parameters.name,
      vpcSecurityGroupIds: [groups.db.id],
      publiclyAccessible: false,
      backupRetentionPeriod: db.backupRetentionDays,
      backupWindow: "03:00-04:00",
      maintenanceWindow: "sun:04:30-sun:05:30",
      copyTagsToSnapshot: true,
      deletionProtection: db.deletionProtection,
      skipFinalSnapshot: !db.finalSnapshot,
      finalSnapshotIdentifier: snapshotSuffix
        ? mapInput(snapshotSuffix.hex, (hex) => `${scope.name("db-final")}-${hex}`)
        : undefined,
      // Staging created from a sanitized production snapshot (docs/staging-data.md).
      snapshotIdentifier: db.restoreFromSnapshot,
      performanceInsightsEnabled: db.performanceInsights,
      performanceInsightsKmsKeyId: db.performanceInsights ? secrets.key.arn : undefined,
      enabledCloudwatchLogsExports: [...POSTGRES_LOG_EXPORTS],
      autoMinorVersionUpgrade: true,
      // Changes that need a restart wait for the maintenance window where data matters.
      applyImmediately: !settings.protectStateful,
      tags: scope.tags("db"),
    },
    // Once rotation owns the password, a deploy must not set it back to the generated one.
    // The log groups first: RDS would otherwise create them itself, unencrypted and kept forever.
    scope.statefulOpts({ ignoreChanges: rotation ? ["password"] : [], dependsOn: [...logGroups] }),
  );

  const secretValue = new aws.secretsmanager.SecretVersion(
    scope.name("db-secret-value"),
    {
      secretId: secrets.dbSecret.id,
      // The shape AWS's rotation functions read and write.
      versionStages: rotation ? ["AWSCURRENT", TRACKED_SECRET_VERSION_LABEL] : undefined,
      secretString: jsonInput({
        engine: "postgres",
        host: instance.address,
        port: POSTGRES_PORT,
        dbname: db.name,
        username: db.username,
        password: secrets.dbPassword.result,
      }),
    },
    // Rotation moves AWSCURRENT to a new version; after two rotations this version would have no
    // label left, Secrets Manager would delete it, and the next refresh would recreate it with the
    // original password as AWSCURRENT (terraform-provider-aws issue 37302). A label of its own
    // keeps it, and ignoring both fields leaves rotation's versions alone.
    scope.opts({ ignoreChanges: rotation ? ["secretString", "versionStages"] : [] }),
  );

  if (rotation) buildRotation(scope, network, groups, secrets, secretValue);
  return { instance };
}

function buildRotation(
  scope: Scope,
  network: Network,
  groups: SecurityGroups,
  secrets: Secrets,
  secretValue: aws.secretsmanager.SecretVersion,
): void {
  const { settings } = scope;
  const fn = new aws.serverlessrepository.CloudFormationStack(
    scope.name("db-rotation"),
    {
      applicationId: POSTGRES_ROTATION_APP,
      capabilities: ["CAPABILITY_IAM", "CAPABILITY_RESOURCE_POLICY"],
      parameters: {
        endpoint: `https://secretsmanager.${settings.region}.amazonaws.com`,
        functionName: scope.name("db-rotation"),
        vpcSubnetIds: pulumi.all(network.subnets.app.map((s) => s.id)).apply((ids) => ids.join(",")),
        vpcSecurityGroupIds: groups.rotation!.id,
        kmsKeyArn: secrets.key.arn,
      },
      tags: scope.tags("db-rotation"),
    },
    scope.opts(),
  );
  new aws.secretsmanager.SecretRotation(
    scope.name("db-secret-rotation"),
    {
      secretId: secrets.dbSecret.id,
      rotationLambdaArn: fn.outputs.apply((o) => o["RotationLambdaARN"] ?? ""),
      rotationRules: { automaticallyAfterDays: settings.secrets.rotationDays! },
    },
    scope.opts({ dependsOn: [secretValue] }),
  );
}
