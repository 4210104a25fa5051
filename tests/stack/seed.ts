/** Every value in the seed's tables, per stack, with a failure message naming the key. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { input, one, ofType, planOf, seedFor, SEED_STACKS } from "../support/plans";
import { arnOf } from "../support/arns";
import { appEnvFromUserData } from "../../src/environment/app/user-data";

/** The app environment a launch template's user data writes. */
export function userDataEnv(userData: unknown): Record<string, string> {
  return appEnvFromUserData(String(userData));
}

for (const stack of SEED_STACKS) {
  const seed = seedFor(stack);
  describe(`${stack} matches the seed's tables`, () => {
    test("VPC CIDR and AZs", async () => {
      const plan = await planOf(stack);
      assert.equal(
        input(one(plan, "aws:ec2/vpc:Vpc"), "cidrBlock"),
        seed.vpcCidr,
        `${stack}: infra:network.cidr must be ${seed.vpcCidr} (seed)`,
      );
      const azs = new Set(ofType(plan, "aws:ec2/subnet:Subnet").map((s) => input(s, "availabilityZone")));
      assert.equal(
        azs.size,
        seed.azCount,
        `${stack}: infra:network.availabilityZones must list ${seed.azCount} AZs`,
      );
    });

    test("app servers: instance type and auto-scaling bounds", async () => {
      const plan = await planOf(stack);
      const lt = one(plan, "aws:ec2/launchTemplate:LaunchTemplate", `${plan.stack}-app-lt`);
      assert.equal(
        input(lt, "instanceType"),
        seed.instanceType,
        `${stack}: infra:compute.instanceType must be ${seed.instanceType} (seed)`,
      );
      const asg = one(plan, "aws:autoscaling/group:Group", `${plan.stack}-app-asg`);
      const [min, desired, max] = seed.asg;
      assert.equal(input(asg, "minSize"), min, `${stack}: infra:compute.minSize must be ${min} (seed)`);
      assert.equal(
        input(asg, "desiredCapacity"),
        desired,
        `${stack}: infra:compute.desiredCapacity must be ${desired} (seed)`,
      );
      assert.equal(input(asg, "maxSize"), max, `${stack}: infra:compute.maxSize must be ${max} (seed)`);
    });

    test("database: class, Multi-AZ, encryption with the environment's key, backups", async () => {
      const plan = await planOf(stack);
      const db = one(plan, "aws:rds/instance:Instance");
      const key = one(plan, "aws:kms/key:Key", `${stack}-kms`);
      assert.equal(
        input(db, "instanceClass"),
        seed.dbClass,
        `${stack}: infra:database.instanceClass must be ${seed.dbClass} (seed)`,
      );
      assert.equal(
        input(db, "multiAz"),
        seed.dbMultiAz,
        `${stack}: infra:database.multiAz must be ${seed.dbMultiAz} (seed)`,
      );
      assert.equal(input(db, "storageEncrypted"), true, `${stack}: the database must be encrypted`);
      assert.ok(
        db.dependencies.includes(key.urn) && input(db, "kmsKeyId") === arnOf(plan, key),
        `${stack}: the database must use the environment's KMS key`,
      );
      assert.equal(input(db, "engine"), "postgres");
      const backups = input(db, "backupRetentionPeriod") as number;
      assert.ok(
        backups >= (stack === "prod" ? 7 : 1),
        `${stack}: infra:database.backupRetentionDays is ${backups}; automated backups must be kept${stack === "prod" ? " at least 7 days" : ""}`,
      );
    });

    test("cache: node type, encryption, replication", async () => {
      const plan = await planOf(stack);
      const redis = one(plan, "aws:elasticache/replicationGroup:ReplicationGroup");
      assert.equal(
        input(redis, "nodeType"),
        seed.cacheNodeType,
        `${stack}: infra:cache.nodeType must be ${seed.cacheNodeType} (seed)`,
      );
      assert.equal(
        input(redis, "atRestEncryptionEnabled"),
        true,
        `${stack}: Redis must be encrypted at rest`,
      );
      assert.equal(
        input(redis, "transitEncryptionEnabled"),
        true,
        `${stack}: Redis must be encrypted in transit`,
      );
      assert.equal(
        input(redis, "authToken"),
        "[secret]",
        `${stack}: Redis needs an AUTH token, and the plan must not show it`,
      );
      const nodes = input(redis, "numCacheClusters") as number;
      if (seed.cacheReplication) {
        assert.ok(nodes >= 2, `${stack}: infra:cache.nodeCount is ${nodes}; the seed requires replication`);
        assert.equal(
          input(redis, "automaticFailoverEnabled"),
          true,
          `${stack}: infra:cache.multiAz must be true (failover)`,
        );
        assert.equal(input(redis, "multiAzEnabled"), true, `${stack}: infra:cache.multiAz must be true`);
        assert.ok(
          (input(redis, "snapshotRetentionLimit") as number) > 0,
          `${stack}: infra:cache.snapshotRetentionDays must keep snapshots`,
        );
      } else {
        assert.equal(
          nodes,
          1,
          `${stack}: infra:cache.nodeCount is ${nodes}; the seed has a single node here`,
        );
      }
    });

    test("secrets: namespace, the environment's key, rotation", async () => {
      const plan = await planOf(stack);
      const key = one(plan, "aws:kms/key:Key", `${stack}-kms`);
      const secrets = ofType(plan, "aws:secretsmanager/secret:Secret");
      assert.ok(secrets.length >= 2);
      for (const secret of secrets) {
        assert.ok(
          String(input(secret, "name")).startsWith(seed.secretsNamespace),
          `${stack}: secret ${String(input(secret, "name"))} must live under ${seed.secretsNamespace}`,
        );
        assert.ok(
          secret.dependencies.includes(key.urn),
          `${stack}: secret ${secret.name} must be encrypted with the environment's key`,
        );
      }
      assert.equal(input(key, "enableKeyRotation"), true, `${stack}: the KMS key must rotate`);
      const rotations = ofType(plan, "aws:secretsmanager/secretRotation:SecretRotation");
      assert.equal(
        rotations.length,
        seed.rotation ? 1 : 0,
        `${stack}: infra:secrets.rotationDays — the seed ${seed.rotation ? "requires" : "does not ask for"} auto-rotation`,
      );
      if (seed.rotation) {
        const days = input(rotations[0]!, "rotationRules.automaticallyAfterDays") as number;
        assert.ok(
          days >= 30 && days <= 90,
          `${stack}: infra:secrets.rotationDays is ${days}; the seed says 30–90 days`,
        );
      }
    });

    test("load balancer presence", async () => {
      const plan = await planOf(stack);
      const albs = ofType(plan, "aws:lb/loadBalancer:LoadBalancer");
      assert.equal(
        albs.length,
        seed.loadBalancer ? 1 : 0,
        `${stack}: infra:loadBalancer.enabled must be ${seed.loadBalancer} (seed)`,
      );
    });

    test("app environment variables", async () => {
      const plan = await planOf(stack);
      const env = userDataEnv(
        input(one(plan, "aws:ec2/launchTemplate:LaunchTemplate", `${plan.stack}-app-lt`), "userData"),
      );
      for (const [name, value] of Object.entries(seed.env)) {
        assert.equal(env[name], value, `${stack}: ${name} must be ${value} (seed's environment variables)`);
      }
      assert.equal(env["SECRETS_NAMESPACE"], seed.secretsNamespace);
    });
  });
}
