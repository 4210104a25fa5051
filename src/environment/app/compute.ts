/**
 * Resources of the app servers: instance role, launch template (pinned AMI, cloud-init user data)
 * and the auto-scaling group with its rollout (instance refresh, checkpoints, auto-rollback).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { limitedNames } from "../../model/names";
import { appSecretsPolicy, assumeRolePolicy, partitionOf } from "../../model/iam";
import {
  appEnvironment,
  type AppVariableInput,
  DB_SECRET_VARIABLE,
  REDIS_SECRET_VARIABLE,
} from "./app-variables";
import { renderUserData } from "./user-data";
import { defaultTags } from "../tags";
import { imagePullPolicy } from "./app-access";
import { imageUri, type Registry, registryHost, repositoryArn } from "../../model/artifact";
import { THIRD_PARTY_SECRETS } from "../../config/third-party/catalog";
import type { LoadBalancer } from "../edge/load-balancer";
import type { Network } from "../network/network";
import type { Scope } from "../scope";
import type { Secrets } from "../secrets/secrets";
import type { SecurityGroups } from "../network/security-groups";
import { GROUP_METRICS } from "../asg-metrics";

export interface Compute {
  readonly role: aws.iam.Role;
  readonly group: aws.autoscaling.Group;
  readonly template: aws.ec2.LaunchTemplate;
}

export interface ComputeDeps {
  readonly network: Network;
  readonly groups: SecurityGroups;
  readonly secrets: Secrets;
  /** The app's variables' one source (src/environment/app/app-variables.ts); rendered here as the env file. */
  readonly appInput: pulumi.Output<AppVariableInput>;
  readonly loadBalancer: LoadBalancer | undefined;
  readonly accountId: pulumi.Input<string>;
  /** Alarms that fail an instance refresh (and roll it back) when they fire. */
  readonly rollbackAlarms: readonly aws.cloudwatch.MetricAlarm[];
  /** Exactly the secrets the app reads; its role may read these and no others. */
  readonly readableSecretArns: readonly pulumi.Input<string>[];
  /** The shared image repository's registry (the artifact project's account and region). */
  readonly registry: Registry;
  /** The app's log group: the container's output goes there. */
  readonly appLogGroupName: pulumi.Input<string>;
}

/**
 * App servers: an instance role scoped to the environment's secrets and key, a launch template
 * (IMDSv2 only, encrypted root volume, no public IP, environment in user data) and an
 * auto-scaling group with target tracking and rolling instance refresh.
 */
export function buildCompute(scope: Scope, deps: ComputeDeps): Compute {
  const { settings } = scope;
  const { compute } = settings;

  const role = new aws.iam.Role(
    limitedNames(settings.stack).appRole,
    {
      assumeRolePolicy: JSON.stringify(assumeRolePolicy("ec2.amazonaws.com")),
      description: `App servers of ${settings.stack}: own secrets only`,
      tags: scope.tags("app-role"),
    },
    scope.opts(),
  );
  // Session Manager instead of SSH: no port 22, no keys to rotate, every session audited.
  new aws.iam.RolePolicyAttachment(
    scope.name("app-ssm"),
    {
      role: role.name,
      policyArn: `arn:${partitionOf(settings.region)}:iam::aws:policy/AmazonSSMManagedInstanceCore`,
    },
    scope.opts(),
  );
  new aws.iam.RolePolicy(
    scope.name("app-secrets"),
    {
      role: role.id,
      policy: pulumi
        .all([pulumi.all([...deps.readableSecretArns]), deps.secrets.key.arn])
        .apply(([secretArns, kmsKeyArn]) =>
          JSON.stringify(appSecretsPolicy({ region: settings.region, secretArns, kmsKeyArn })),
        ),
    },
    scope.opts(),
  );
  const profile = new aws.iam.InstanceProfile(
    scope.name("app-profile"),
    { role: role.name, tags: scope.tags("app-profile") },
    scope.opts(),
  );

  new aws.iam.RolePolicy(
    scope.name("app-image-pull"),
    { role: role.id, policy: JSON.stringify(imagePullPolicy(repositoryArn(deps.registry))) },
    scope.opts(),
  );

  // Secrets the app cannot start without: its database and cache, and the third-party keys this
  // stack supplies. The others exist without a value until someone sets one.
  const thirdParty = THIRD_PARTY_SECRETS.map((t) => ({
    variable: t.arnVariable,
    supplied: settings.providedSecrets.includes(t.key),
  }));
  const userData = pulumi.all([deps.appInput, deps.appLogGroupName]).apply(([input, logGroupName]) =>
    Buffer.from(
      renderUserData({
        env: appEnvironment(input),
        imageUri: imageUri(deps.registry, settings.appImage),
        registryHost: registryHost(deps.registry),
        registryRegion: deps.registry.region,
        logGroupName,
        requiredSecretVariables: [
          DB_SECRET_VARIABLE,
          REDIS_SECRET_VARIABLE,
          ...thirdParty.filter((t) => t.supplied).map((t) => t.variable),
        ],
        optionalSecretVariables: thirdParty.filter((t) => !t.supplied).map((t) => t.variable),
      }),
    ).toString("base64"),
  );

  const instanceTags = { ...scope.tags("app"), Environment: settings.environment, Stack: settings.stack };
  const template = new aws.ec2.LaunchTemplate(
    scope.name("app-lt"),
    {
      imageId: compute.imageId,
      instanceType: compute.instanceType,
      iamInstanceProfile: { arn: profile.arn },
      // Private subnets and no public address: the only way in is through the ALB.
      networkInterfaces: [
        {
          associatePublicIpAddress: "false",
          deleteOnTermination: "true",
          securityGroups: [deps.groups.app.id],
        },
      ],
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
      blockDeviceMappings: [
        {
          deviceName: "/dev/xvda",
          ebs: {
            volumeSize: compute.rootVolumeGb,
            volumeType: "gp3",
            encrypted: "true",
            kmsKeyId: deps.secrets.key.arn,
            deleteOnTermination: "true",
          },
        },
      ],
      monitoring: { enabled: true },
      userData,
      updateDefaultVersion: true,
      // Provider default tags do not reach instances an ASG launches; these do.
      tagSpecifications: [
        { resourceType: "instance", tags: instanceTags },
        { resourceType: "volume", tags: instanceTags },
      ],
      tags: scope.tags("app-lt"),
    },
    scope.opts(),
  );

  const lb = deps.loadBalancer;
  const rollout = settings.rollout;
  const group = new aws.autoscaling.Group(
    scope.name("app-asg"),
    {
      vpcZoneIdentifiers: deps.network.subnets.app.map((s) => s.id),
      minSize: compute.minSize,
      desiredCapacity: compute.desiredCapacity,
      maxSize: compute.maxSize,
      launchTemplate: { id: template.id, version: template.latestVersion.apply(String) },
      targetGroupArns: lb ? [lb.targetGroup.arn] : [],
      healthCheckType: lb ? "ELB" : "EC2",
      healthCheckGracePeriod: 300,
      enabledMetrics: GROUP_METRICS,
      metricsGranularity: "1Minute",
      // A new launch template version (a new image digest or AMI) rolls out by instance refresh:
      // blue-green where the tier sets min 100 % / max 200 %, a canary through the checkpoints
      // where it sets them (prod: 10 → 25 → 50 → 75 → 100 %, each watched), and back to the
      // previous version when the refresh fails or a rollback alarm (5xx rate, …) fires. The
      // image is a literal AMI (schema), which rollback requires.
      instanceRefresh: {
        strategy: "Rolling",
        preferences: {
          minHealthyPercentage: rollout.minHealthyPercent,
          maxHealthyPercentage: rollout.maxHealthyPercent,
          instanceWarmup: String(rollout.instanceWarmupSeconds),
          ...(rollout.checkpointPercentages.length > 0
            ? {
                checkpointPercentages: [...rollout.checkpointPercentages],
                checkpointDelay: String(rollout.checkpointDelaySeconds),
              }
            : {}),
          autoRollback: rollout.autoRollback,
          ...(deps.rollbackAlarms.length > 0
            ? { alarmSpecification: { alarms: deps.rollbackAlarms.map((a) => a.name) } }
            : {}),
        },
      },
      // The provider's default tags do not reach an auto-scaling group (it takes tags as a list):
      // without these the platform role's Stack-conditioned autoscaling:* never matches it and
      // cost allocation misses it.
      tags: Object.entries({ ...defaultTags(settings), Name: scope.name("app") }).map(([key, value]) => ({
        key,
        value,
        propagateAtLaunch: true,
      })),
    },
    // The scaling policy owns the running count; a deploy must not reset it to the default.
    scope.opts({ ignoreChanges: ["desiredCapacity"], dependsOn: lb ? lb.listeners : [] }),
  );
  new aws.autoscaling.Policy(
    scope.name("app-cpu-target"),
    {
      autoscalingGroupName: group.name,
      policyType: "TargetTrackingScaling",
      targetTrackingConfiguration: {
        predefinedMetricSpecification: { predefinedMetricType: "ASGAverageCPUUtilization" },
        targetValue: compute.targetCpuPercent,
      },
    },
    scope.opts(),
  );
  return { role, group, template };
}
