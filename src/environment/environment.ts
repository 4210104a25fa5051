/**
 * The Environment component: composes the parts (network, secrets, data, edge, app, observability,
 * access, recovery) from one set of settings, in dependency order. Stacks differ only by settings.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { EnvironmentSettings } from "../model/settings";
import { alarmName, planAlarms, rollbackAlarms } from "./observability/alarms";
import { buildAlarmSleep } from "./observability/alarm-sleep";
import { buildSleepActions } from "./app/sleep-actions";
import { buildDatabaseSleep } from "./data/database-sleep";
import { NAT_GROUP_SIZE } from "./network/nat-instance";
import { databaseIdentifier } from "../model/names";
import { appVariableInput, buildAppParameters } from "./app/app-settings";
import { buildAccessRoles } from "./access/access";
import { type AuditTrail, buildAuditTrail } from "./observability/audit-trail";
import { buildCache } from "./data/cache";
import { buildAccessLogs } from "./observability/access-logs";
import { buildCompute } from "./app/compute";
import { buildDatabase } from "./data/database";
import { buildEdge } from "./edge/edge";
import { buildLoadBalancer, servesHttps } from "./edge/load-balancer";
import { buildNetwork } from "./network/network";
import { buildRecovery } from "./recovery/recovery";
import {
  type AlarmTargets,
  buildAlarms,
  buildAlerting,
  buildDashboard,
  buildLogGroups,
  grantAppLogs,
  type LogGroups,
} from "./observability/observability";
import { Scope } from "./scope";
import type { Registry } from "../model/artifact";
import { buildSecrets } from "./secrets/secrets";
import { buildRuntimeFlags, grantFlags } from "./app/runtime-flags";
import { buildSecurityGroups } from "./network/security-groups";
import { buildThirdPartySecrets } from "./secrets/third-party";

export const ENVIRONMENT_TYPE = "infra:index:Environment";

/** Logs, alarms, notification, dashboard and audit trail of one environment. */
export interface Observability {
  readonly logGroups: LogGroups;
  readonly alarmTopic: aws.sns.Topic;
  readonly alarms: readonly aws.cloudwatch.MetricAlarm[];
  /**
   * At most five alarms a rollout rolls back on: the instance refresh now, an AppConfig
   * deployment strategy can take the same list (their ARNs).
   */
  readonly rollbackAlarms: readonly aws.cloudwatch.MetricAlarm[];
  readonly dashboard: aws.cloudwatch.Dashboard;
  /** Undefined when an organization trail already records the account (infra:monitoring.organizationTrail). */
  readonly auditTrail: AuditTrail | undefined;
}

export interface EnvironmentArgs {
  /** Fully resolved settings (src/config). Every difference between stacks is in here. */
  readonly settings: EnvironmentSettings;
  /** The AWS account the stack deploys to; scopes the app role's secret ARNs. */
  readonly accountId: pulumi.Input<string>;
  /**
   * Third-party key → its value from the stack's `secure:` config (secret Outputs). Only keys in
   * `settings.providedSecrets` are read; the others' secrets are created without a version.
   */
  readonly thirdPartyValues?: Readonly<Record<string, pulumi.Output<string>>>;
  /** The shared image repository's registry (artifact/Pulumi.<stack>.yaml). */
  readonly registry: Registry;
}

/**
 * One environment: network, security groups, load balancer, app servers, PostgreSQL, Redis,
 * secrets with their KMS key, and IAM. Every child is parented here and named
 * `<stack>-<suffix>`; no branch tests a stack's name, only its settings.
 */
export class Environment extends pulumi.ComponentResource {
  readonly vpcId: pulumi.Output<string>;
  readonly publicSubnetIds: pulumi.Output<string[]>;
  readonly appSubnetIds: pulumi.Output<string[]>;
  readonly dataSubnetIds: pulumi.Output<string[]>;
  readonly albDnsName: pulumi.Output<string | undefined>;
  readonly url: pulumi.Output<string | undefined>;
  readonly databaseEndpoint: pulumi.Output<string>;
  readonly cacheEndpoint: pulumi.Output<string>;
  readonly databaseSecretArn: pulumi.Output<string>;
  readonly cacheSecretArn: pulumi.Output<string>;
  readonly kmsKeyArn: pulumi.Output<string>;
  readonly appRoleArn: pulumi.Output<string>;
  readonly autoScalingGroupName: pulumi.Output<string>;
  /** The NAT instance's group, where natGateways is "instance". */
  readonly natAutoScalingGroupName: pulumi.Output<string | undefined>;
  /** The app servers' launch template: the manual rollback starts a refresh to its previous version. */
  readonly launchTemplateId: pulumi.Output<string>;
  readonly alarmTopicArn: pulumi.Output<string>;
  readonly appLogGroupName: pulumi.Output<string>;
  readonly dashboardName: pulumi.Output<string>;
  readonly observability: Observability;
  /** Team → ARN of its role in this stack (teams with no access have none). */
  readonly accessRoleArns: pulumi.Output<Record<string, string>>;
  /** CloudFront's own domain name, where the tier puts CloudFront in front of the ALB. */
  readonly cdnDomainName: pulumi.Output<string | undefined>;

  constructor(name: string, args: EnvironmentArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(ENVIRONMENT_TYPE, name, {}, opts);
    const scope = new Scope(this, args.settings);

    const { settings } = args;
    const secrets = buildSecrets(scope, args.accountId);
    const logGroups = buildLogGroups(scope, secrets.key);
    const network = buildNetwork(scope, {
      flowLogGroup: logGroups["flow-logs"],
      key: secrets.key,
      accountId: args.accountId,
    });
    const groups = buildSecurityGroups(scope, network, servesHttps(scope));
    const database = buildDatabase(scope, network, groups, secrets, [
      logGroups["db-postgresql"],
      logGroups["db-upgrade"],
    ]);
    const cache = buildCache(scope, network, groups, secrets);
    const auditTrail = settings.monitoring.organizationTrail
      ? undefined
      : buildAuditTrail(scope, secrets.key, args.accountId);
    // The trail bucket's server access logs and the load balancer's access logs (SSE-S3).
    const accessLogs = buildAccessLogs(scope, {
      accountId: args.accountId,
      trailBucket: auditTrail?.bucket,
      loadBalancer: settings.loadBalancer.enabled,
    });
    const loadBalancer = settings.loadBalancer.enabled
      ? buildLoadBalancer(scope, network, groups, accessLogs!)
      : undefined;

    // Alarms on the load balancer, database and cache come first: the app's instance refresh
    // rolls back on them, so they must exist before the group that names them.
    const { topic } = buildAlerting(scope, secrets.key, args.accountId);
    const alarmSpecs = planAlarms(settings);
    const targets: AlarmTargets = {
      loadBalancer: loadBalancer?.alb.arnSuffix,
      targetGroup: loadBalancer?.targetGroup.arnSuffix,
      natGroup: network.natInstance?.group.name,
      database: databaseIdentifier(settings.stack),
      cacheGroupId: cache.group.id,
    };
    const dataAlarms = buildAlarms(
      scope,
      alarmSpecs.filter((s) => s.source !== "autoScalingGroup"),
      targets,
      topic,
    );
    const rollback = rollbackAlarms(alarmSpecs).map((s) => dataAlarms.get(s.id)!);
    const thirdParty = buildThirdPartySecrets(scope, secrets, args.thirdPartyValues ?? {});
    // The same alarms that roll back an instance refresh roll back a flag change.
    const flags = buildRuntimeFlags(scope, { monitorAlarms: rollback });
    const appInput = appVariableInput(scope, { database, cache, secrets, thirdParty, flags: flags.names });
    const compute = buildCompute(scope, {
      network,
      groups,
      secrets,
      appInput,
      loadBalancer,
      accountId: args.accountId,
      rollbackAlarms: rollback,
      readableSecretArns: [
        secrets.dbSecret.arn,
        secrets.cacheSecret.arn,
        ...thirdParty.map((t) => t.secret.arn),
      ],
      registry: args.registry,
      appLogGroupName: logGroups.app.name,
    });
    buildAppParameters(scope, { input: appInput, secrets, role: compute.role, accountId: args.accountId });
    const groupAlarms = buildAlarms(
      scope,
      alarmSpecs.filter((s) => s.source === "autoScalingGroup"),
      { ...targets, autoScalingGroup: compute.group.name },
      topic,
    );
    grantAppLogs(scope, compute.role, logGroups.app);
    const alarms = alarmSpecs.map((s) => (dataAlarms.get(s.id) ?? groupAlarms.get(s.id))!);
    // The sleep schedule: servers to zero and the database stopped outside the working week,
    // alarms silenced meanwhile (src/config/sleep-schedule.ts).
    if (settings.sleep.enabled) {
      const awake = settings.compute;
      buildSleepActions(scope, "app", compute.group, awake);
      if (network.natInstance) buildSleepActions(scope, "nat", network.natInstance.group, NAT_GROUP_SIZE);
      buildDatabaseSleep(scope, database.instance, args.accountId);
      buildAlarmSleep(
        scope,
        alarms,
        alarmSpecs.map((s) => alarmName(settings.stack, s.id)),
        args.accountId,
      );
    }
    const dashboard = buildDashboard(scope, {
      loadBalancer: targets.loadBalancer,
      targetGroup: targets.targetGroup,
      autoScalingGroup: compute.group.name,
      database: databaseIdentifier(settings.stack),
      cacheGroupId: cache.group.id,
      alarms,
    });
    grantFlags(scope, flags, compute.role, args.accountId);
    this.observability = {
      logGroups,
      alarmTopic: topic,
      alarms,
      rollbackAlarms: rollback,
      dashboard,
      auditTrail,
    };
    const edge = loadBalancer ? buildEdge(scope, { loadBalancer, accountId: args.accountId }) : undefined;
    // Backups, copies in the recovery region, vault lock and restore tests, per the tier's objectives.
    buildRecovery(scope, {
      database: database.instance,
      key: secrets.key,
      alarmTopic: topic,
      accountId: args.accountId,
    });
    const accessRoles = buildAccessRoles(scope, {
      accountId: args.accountId,
      kmsKeyArn: secrets.key.arn,
      logGroups: [...Object.values(logGroups), ...(edge?.logGroups ?? [])],
      dashboards: [dashboard],
      alarms,
      autoScalingGroups: [compute.group, ...(network.natInstance ? [network.natInstance.group] : [])],
      appRoles: [compute.role],
    });

    const ids = (subnets: aws.ec2.Subnet[]) => pulumi.all(subnets.map((s) => s.id));
    this.vpcId = network.vpc.id;
    this.publicSubnetIds = ids(network.subnets.public);
    this.appSubnetIds = ids(network.subnets.app);
    this.dataSubnetIds = ids(network.subnets.data);
    this.albDnsName = loadBalancer ? loadBalancer.alb.dnsName : pulumi.output(undefined);
    this.url = loadBalancer ? loadBalancer.url : pulumi.output(undefined);
    this.databaseEndpoint = database.instance.endpoint;
    this.cacheEndpoint = cache.group.primaryEndpointAddress;
    this.databaseSecretArn = secrets.dbSecret.arn;
    this.cacheSecretArn = secrets.cacheSecret.arn;
    this.kmsKeyArn = secrets.key.arn;
    this.appRoleArn = compute.role.arn;
    this.autoScalingGroupName = compute.group.name;
    this.natAutoScalingGroupName = network.natInstance
      ? network.natInstance.group.name
      : pulumi.output(undefined);
    this.launchTemplateId = compute.template.id;
    this.alarmTopicArn = topic.arn;
    this.appLogGroupName = logGroups.app.name;
    this.dashboardName = dashboard.dashboardName;
    this.cdnDomainName = edge?.distribution ? edge.distribution.domainName : pulumi.output(undefined);
    this.accessRoleArns = pulumi.all(
      Object.fromEntries(Object.entries(accessRoles).map(([team, role]) => [team, role.arn])),
    );

    this.registerOutputs({
      vpcId: this.vpcId,
      publicSubnetIds: this.publicSubnetIds,
      appSubnetIds: this.appSubnetIds,
      dataSubnetIds: this.dataSubnetIds,
      albDnsName: this.albDnsName,
      url: this.url,
      databaseEndpoint: this.databaseEndpoint,
      cacheEndpoint: this.cacheEndpoint,
      databaseSecretArn: this.databaseSecretArn,
      cacheSecretArn: this.cacheSecretArn,
      kmsKeyArn: this.kmsKeyArn,
      appRoleArn: this.appRoleArn,
      autoScalingGroupName: this.autoScalingGroupName,
      natAutoScalingGroupName: this.natAutoScalingGroupName,
      launchTemplateId: this.launchTemplateId,
      alarmTopicArn: this.alarmTopicArn,
      appLogGroupName: this.appLogGroupName,
      dashboardName: this.dashboardName,
      accessRoleArns: this.accessRoleArns,
      cdnDomainName: this.cdnDomainName,
    });
  }
}

/** The explicit AWS provider: region from config and the four tags on every taggable resource. */
export function environmentProvider(
  name: string,
  args: {
    region: string;
    profile?: string;
    allowedAccountIds?: readonly string[];
    tags: Record<string, string>;
  },
): aws.Provider {
  return new aws.Provider(name, {
    region: args.region as aws.Region,
    profile: args.profile,
    allowedAccountIds: args.allowedAccountIds ? [...args.allowedAccountIds] : undefined,
    defaultTags: { tags: args.tags },
  });
}
