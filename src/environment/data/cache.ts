/**
 * Resources of the cache: ElastiCache Redis with encryption in transit and at rest, AUTH from
 * Secrets Manager, and per-tier failover, replicas and snapshots.
 */
import * as aws from "@pulumi/aws";
import * as random from "@pulumi/random";
import type { Network } from "../network/network";
import type { Scope } from "../scope";
import type { Secrets } from "../secrets/secrets";
import type { SecurityGroups } from "../network/security-groups";
import { jsonInput, mapInput } from "../inputs";

export const REDIS_PORT = 6379;

export interface Cache {
  readonly group: aws.elasticache.ReplicationGroup;
}

/**
 * ElastiCache Redis in the isolated subnets: encrypted in transit (TLS, AUTH token from
 * @pulumi/random) and at rest with the environment's key; replicas and failover per tier.
 */
export function buildCache(scope: Scope, network: Network, groups: SecurityGroups, secrets: Secrets): Cache {
  const { settings } = scope;
  const cache = settings.cache;
  const subnetGroup = new aws.elasticache.SubnetGroup(
    scope.name("redis-subnets"),
    {
      description: `Redis subnets (${settings.stack})`,
      subnetIds: network.subnets.data.map((s) => s.id),
      tags: scope.tags("redis-subnets"),
    },
    scope.opts(),
  );
  // The final snapshot's name must be new each time a group is deleted: a fixed one makes the
  // second delete (or a replacement's delete) fail because the snapshot already exists. The
  // suffix changes with the inputs that replace the group, and with a new stack.
  const snapshotSuffix = settings.protectStateful
    ? new random.RandomId(
        scope.name("redis-final-snapshot-id"),
        {
          byteLength: 4,
          keepers: {
            engine: "redis",
            port: String(REDIS_PORT),
            subnetGroup: subnetGroup.name,
            kmsKeyId: secrets.key.arn,
          },
        },
        scope.opts(),
      )
    : undefined;
  const group = new aws.elasticache.ReplicationGroup(
    scope.name("redis"),
    {
      description: `Redis for ${settings.stack}`,
      engine: "redis",
      engineVersion: cache.engineVersion,
      nodeType: cache.nodeType,
      numCacheClusters: cache.nodeCount,
      automaticFailoverEnabled: cache.multiAz,
      multiAzEnabled: cache.multiAz,
      port: REDIS_PORT,
      subnetGroupName: subnetGroup.name,
      securityGroupIds: [groups.cache.id],
      atRestEncryptionEnabled: true,
      kmsKeyId: secrets.key.arn,
      transitEncryptionEnabled: true,
      authToken: secrets.cacheAuthToken.result,
      snapshotRetentionLimit: cache.snapshotRetentionDays,
      snapshotWindow: cache.snapshotRetentionDays > 0 ? "03:00-04:00" : undefined,
      finalSnapshotIdentifier: snapshotSuffix
        ? mapInput(snapshotSuffix.hex, (hex) => `${scope.name("redis-final")}-${hex}`)
        : undefined,
      maintenanceWindow: "sun:05:30-sun:06:30",
      autoMinorVersionUpgrade: true,
      applyImmediately: !settings.protectStateful,
      tags: scope.tags("redis"),
    },
    scope.statefulOpts(),
  );
  new aws.secretsmanager.SecretVersion(
    scope.name("redis-secret-value"),
    {
      secretId: secrets.cacheSecret.id,
      secretString: jsonInput({
        host: group.primaryEndpointAddress,
        port: REDIS_PORT,
        authToken: secrets.cacheAuthToken.result,
      }),
    },
    scope.opts(),
  );
  return { group };
}
