/**
 * The program: stack config → settings → one Environment → stack outputs. Nothing here knows
 * which stack it runs; every difference comes from the stack file.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "./config/errors";
import { type Resolved, resolveSettings } from "./config/resolve";
import { secretReuseFromFiles } from "./config/third-party/reuse";
import { secretsNamespaceProblems } from "./config/namespaces";
import { priceCoverageProblems } from "./reports/cost/coverage";
import { cidrOverlapProblems, StackFileError } from "./config/stack-files";
import { Environment, environmentProvider } from "./environment/environment";
import { type GuardOptions, guardDeployWindow, guardSleep, RunRefused } from "./program-guards";
import { defaultTags } from "./environment/tags";
import { readArtifactProject } from "./config/artifact-project";
import { describeImage, imageUri, type Registry } from "./model/artifact";
import { recoveryProblems } from "./environment/recovery/objectives";
import { ResourceRules } from "./resource-rules";
import { userError } from "./run-error";

export interface ProgramOptions extends GuardOptions {
  /** Directory holding Pulumi.yaml and the stack files (the CLI runs programs from there). */
  readonly projectDir: string;
}

/** Config keys Pulumi marks secret. The SDK exposes the check only on its runtime module. */
function secretKeys(config: Record<string, string>): string[] {
  const runtime = pulumi.runtime as unknown as { isConfigSecret?: (key: string) => boolean };
  return Object.keys(config).filter((k) => runtime.isConfigSecret?.(k) ?? false);
}

/** Validates everything before the first resource exists; a user mistake is a RunError (no stack trace). */
export function resolveProgramSettings(options: ProgramOptions): Resolved & { registry: Registry } {
  const project = pulumi.getProject();
  const stack = pulumi.getStack();
  const config = pulumi.runtime.allConfig();
  try {
    const resolved = resolveSettings({ project, stack, config, secretKeys: secretKeys(config) });
    const overlaps = cidrOverlapProblems(options.projectDir, project, stack, resolved.settings.network.cidr);
    const reuse =
      resolved.settings.tier === "prod"
        ? secretReuseFromFiles(options.projectDir, project, stack, config)
        : [];
    const namespaces = secretsNamespaceProblems(options.projectDir, project, stack, config);
    const unpriced = priceCoverageProblems(resolved.settings);
    // The tier's recovery promises must be keepable with the backups the settings build.
    const recovery = recoveryProblems(resolved.settings);
    const found = [...overlaps, ...namespaces, ...unpriced, ...reuse, ...recovery];
    if (found.length > 0) throw new ConfigError(stack, found);
    return { ...resolved, registry: readArtifactProject(options.projectDir).registry };
  } catch (error) {
    if (error instanceof ConfigError || error instanceof StackFileError) throw userError(error.message);
    throw error;
  }
}

/** A guard's refusal is the user's to read: the SDK prints a RunError's message, no stack trace. */
function refusalAsRunError<T>(guard: () => T): T {
  try {
    return guard();
  } catch (error) {
    if (error instanceof RunRefused) throw userError(error.message);
    throw error;
  }
}

export async function runProgram(options: ProgramOptions): Promise<Record<string, unknown>> {
  const { settings, provider: providerSettings, registry } = resolveProgramSettings(options);
  const preview = pulumi.runtime.isDryRun();
  const decision = refusalAsRunError(() => guardDeployWindow(settings, options, preview));
  refusalAsRunError(() => guardSleep(settings, options, preview));
  // Before the first resource: every resource is seen, and none registered until all pass.
  const rules = ResourceRules.install(settings.stack, settings.region);
  const provider = environmentProvider(`${settings.stack}-aws`, {
    ...providerSettings,
    tags: defaultTags(settings),
  });
  const accountId = aws.getCallerIdentityOutput({}, { provider }).accountId;
  const config = new pulumi.Config("infra");
  const thirdPartyValues = Object.fromEntries(
    settings.providedSecrets.map((key) => [key, config.requireSecret(key)]),
  );
  const env = new Environment(
    settings.stack,
    { settings, accountId, thirdPartyValues, registry },
    { providers: { aws: provider } },
  );
  // The AWS rules that read resources (names, where the edge is created): a RunError with one line
  // per problem, and nothing registered, or every registration released.
  rules.verdict();
  return {
    // Who let this run change the stack: "window", "preview", or a hotfix with approver and reason.
    ...(settings.deployWindow && decision.allowed
      ? { deployApproval: { via: decision.via, ...decision.hotfix } }
      : {}),
    tier: settings.tier,
    environment: settings.environment,
    // What this stack runs: the promotion reads these from staging's outputs (never retyped).
    appImage: describeImage(settings.appImage),
    appImageUri: imageUri(registry, settings.appImage),
    amiId: settings.compute.imageId,
    region: settings.region,
    vpcId: env.vpcId,
    publicSubnetIds: env.publicSubnetIds,
    appSubnetIds: env.appSubnetIds,
    dataSubnetIds: env.dataSubnetIds,
    // Only stacks with a load balancer have an address to publish.
    ...(settings.loadBalancer.enabled ? { albDnsName: env.albDnsName, url: env.url } : {}),
    databaseEndpoint: env.databaseEndpoint,
    cacheEndpoint: env.cacheEndpoint,
    databaseSecretArn: env.databaseSecretArn,
    cacheSecretArn: env.cacheSecretArn,
    kmsKeyArn: env.kmsKeyArn,
    appRoleArn: env.appRoleArn,
    autoScalingGroupName: env.autoScalingGroupName,
    // The NAT instance's group: the sleep guard's message names it for waking the stack by hand.
    ...(settings.network.natGateways === "instance"
      ? { natAutoScalingGroupName: env.natAutoScalingGroupName }
      : {}),
    launchTemplateId: env.launchTemplateId,
    alarmTopicArn: env.alarmTopicArn,
    appLogGroupName: env.appLogGroupName,
    dashboardName: env.dashboardName,
    accessRoleArns: env.accessRoleArns,
    ...(settings.edge.cloudFront ? { cdnDomainName: env.cdnDomainName } : {}),
  };
}
