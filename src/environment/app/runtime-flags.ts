/**
 * Resources of the runtime-flag layer: AWS AppConfig application, environment, feature-flag
 * profile and a per-tier rollout strategy whose monitors are the rollback alarms.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { appFlagsPolicy, monitorAlarmsPolicy } from "./app-access";
import { describeStrategy, featureFlagsDocument } from "./feature-flags";
import { assumeRolePolicy } from "../../model/iam";
import type { Scope } from "../scope";

/** AppConfig allows at most five CloudWatch alarms per environment. */
export const MAX_APPCONFIG_MONITORS = 5;
export const FLAGS_PROFILE_NAME = "feature-flags";

/** What the app needs to ask AppConfig for its flags: names, which the AppConfig Data API accepts. */
export interface RuntimeFlagNames {
  readonly application: string;
  readonly environment: string;
  readonly profile: string;
}

export function runtimeFlagNames(scope: Scope): RuntimeFlagNames {
  const { settings } = scope;
  return {
    application: `${settings.project}-${settings.stack}`,
    environment: settings.environment,
    profile: FLAGS_PROFILE_NAME,
  };
}

export interface RuntimeFlags {
  readonly names: RuntimeFlagNames;
  readonly application: aws.appconfig.Application;
  readonly environment: aws.appconfig.Environment;
  readonly profile: aws.appconfig.ConfigurationProfile;
  readonly deployment: aws.appconfig.Deployment;
}

export interface RuntimeFlagsDeps {
  /**
   * Alarms that roll a flag deployment back (at most five). Empty = no monitors: the
   * deployment still bakes, but nothing stops it automatically.
   */
  readonly monitorAlarms: readonly aws.cloudwatch.MetricAlarm[];
}

/**
 * The runtime-flag layer: an AppConfig application for the stack, one environment, a
 * feature-flag profile seeded from the stack's flags and
 * deployed with the tier's strategy: all at once on dev, gradual with bake time on prod, rolled
 * back by AppConfig when a monitor alarm fires.
 */
export function buildRuntimeFlags(scope: Scope, deps: RuntimeFlagsDeps): RuntimeFlags {
  const { settings } = scope;
  const flags = settings.runtimeFlags;
  const names = runtimeFlagNames(scope);
  if (deps.monitorAlarms.length > MAX_APPCONFIG_MONITORS) {
    throw new RangeError(
      `AppConfig takes at most ${MAX_APPCONFIG_MONITORS} monitor alarms; got ${deps.monitorAlarms.length}`,
    );
  }

  const application = new aws.appconfig.Application(
    scope.name("appconfig"),
    {
      name: names.application,
      description: `Runtime flags of ${settings.stack} (${settings.environment})`,
      tags: scope.tags("appconfig"),
    },
    scope.opts(),
  );

  const monitors = deps.monitorAlarms.length > 0 ? monitorRole(scope) : undefined;
  const environment = new aws.appconfig.Environment(
    scope.name("appconfig-env"),
    {
      applicationId: application.id,
      name: names.environment,
      description: `${settings.environment}: the app servers of ${settings.stack}`,
      monitors: monitors
        ? deps.monitorAlarms.map((alarm) => ({ alarmArn: alarm.arn, alarmRoleArn: monitors.arn }))
        : [],
      tags: scope.tags("appconfig-env"),
    },
    scope.opts(),
  );

  const profile = new aws.appconfig.ConfigurationProfile(
    scope.name("flags"),
    {
      applicationId: application.id,
      name: names.profile,
      description: "Feature flags; the stack file seeds them, AppConfig holds the live values",
      type: "AWS.AppConfig.FeatureFlags",
      locationUri: "hosted",
      // No customer key: flags are not secret, AppConfig encrypts hosted data at rest anyway,
      // and a customer key would add a KMS grant to every deployment and read for no gain.
      tags: scope.tags("flags"),
    },
    scope.opts(),
  );
  // A new version only when the stack's flags change: a value flipped in AppConfig since stays
  // live across deploys that leave the stack's flags alone.
  const version = new aws.appconfig.HostedConfigurationVersion(
    scope.name("flags-v"),
    {
      applicationId: application.id,
      configurationProfileId: profile.configurationProfileId,
      contentType: "application/json",
      content: JSON.stringify(featureFlagsDocument(flags.flags)),
      description: `Initial flags from Pulumi.${settings.stack}.yaml`,
    },
    scope.opts(),
  );
  const strategy = new aws.appconfig.DeploymentStrategy(
    scope.name("flags-strategy"),
    {
      name: `${names.application}-flags`,
      description: describeStrategy(flags),
      growthType: flags.growthType,
      growthFactor: flags.growthFactor,
      deploymentDurationInMinutes: flags.durationMinutes,
      finalBakeTimeInMinutes: flags.bakeMinutes,
      replicateTo: "NONE",
      tags: scope.tags("flags-strategy"),
    },
    scope.opts(),
  );
  const deployment = new aws.appconfig.Deployment(
    scope.name("flags-deploy"),
    {
      applicationId: application.id,
      environmentId: environment.environmentId,
      configurationProfileId: profile.configurationProfileId,
      configurationVersion: version.versionNumber.apply(String),
      deploymentStrategyId: strategy.id,
      description: `Flags from Pulumi.${settings.stack}.yaml`,
      tags: scope.tags("flags-deploy"),
    },
    scope.opts(),
  );
  return { names, application, environment, profile, deployment };
}

/** The role AppConfig assumes to read the monitor alarms' state (app-access.ts monitorAlarmsPolicy), and nothing else. */
function monitorRole(scope: Scope): aws.iam.Role {
  const role = new aws.iam.Role(
    scope.name("appconfig-monitor-role"),
    {
      assumeRolePolicy: JSON.stringify(assumeRolePolicy("appconfig.amazonaws.com")),
      description: `AppConfig reads ${scope.settings.stack}'s rollback alarms`,
      tags: scope.tags("appconfig-monitor-role"),
    },
    scope.opts(),
  );
  new aws.iam.RolePolicy(
    scope.name("appconfig-monitor"),
    {
      role: role.id,
      policy: JSON.stringify(monitorAlarmsPolicy()),
    },
    scope.opts(),
  );
  return role;
}

/** The app role may fetch exactly this environment's flag profile. */
export function grantFlags(
  scope: Scope,
  flags: RuntimeFlags,
  role: aws.iam.Role,
  accountId: pulumi.Input<string>,
): void {
  new aws.iam.RolePolicy(
    scope.name("app-flags"),
    {
      role: role.id,
      policy: pulumi
        .all([
          accountId,
          flags.application.id,
          flags.environment.environmentId,
          flags.profile.configurationProfileId,
        ])
        .apply(([account, applicationId, environmentId, profileId]) =>
          JSON.stringify(
            appFlagsPolicy({
              region: scope.settings.region,
              accountId: account,
              applicationId,
              environmentId,
              profileId,
            }),
          ),
        ),
    },
    scope.opts(),
  );
}
