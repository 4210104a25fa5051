import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { EnvironmentSettings } from "../config/settings";
import { appVariableInput, buildAppParameters } from "./app-settings";
import { buildAccessRoles } from "./access";
import { buildCache } from "./cache";
import { buildCompute } from "./compute";
import { buildDatabase } from "./database";
import { buildEdge } from "./edge";
import { buildLoadBalancer, servesHttps } from "./load-balancer";
import { buildNetwork } from "./network";
import { Scope } from "./scope";
import { buildSecrets } from "./secrets";
import { buildSecurityGroups } from "./security";
import { buildThirdPartySecrets } from "./third-party-secrets";

export const ENVIRONMENT_TYPE = "infra:index:Environment";

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
  /** Team → ARN of its role in this stack (teams with no access have none). */
  readonly accessRoleArns: pulumi.Output<Record<string, string>>;
  /** CloudFront's own domain name, where the tier puts CloudFront in front of the ALB. */
  readonly cdnDomainName: pulumi.Output<string | undefined>;

  constructor(name: string, args: EnvironmentArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(ENVIRONMENT_TYPE, name, {}, opts);
    const scope = new Scope(this, args.settings);

    const network = buildNetwork(scope);
    const groups = buildSecurityGroups(scope, network, servesHttps(scope));
    const secrets = buildSecrets(scope);
    const database = buildDatabase(scope, network, groups, secrets);
    const cache = buildCache(scope, network, groups, secrets);
    const loadBalancer = args.settings.loadBalancer.enabled
      ? buildLoadBalancer(scope, network, groups)
      : undefined;
    const thirdParty = buildThirdPartySecrets(scope, secrets, args.thirdPartyValues ?? {});
    const appInput = appVariableInput(scope, { database, cache, secrets, thirdParty });
    const compute = buildCompute(scope, {
      network,
      groups,
      secrets,
      appInput,
      loadBalancer,
      accountId: args.accountId,
      readableSecretArns: [
        secrets.dbSecret.arn,
        secrets.cacheSecret.arn,
        ...thirdParty.map((t) => t.secret.arn),
      ],
    });
    buildAppParameters(scope, { input: appInput, secrets, role: compute.role, accountId: args.accountId });
    const edge = loadBalancer ? buildEdge(scope, { loadBalancer, accountId: args.accountId }) : undefined;
    const accessRoles = buildAccessRoles(scope, { accountId: args.accountId, kmsKeyArn: secrets.key.arn });

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
