/**
 * Resources of the network: the VPC, subnets per tier and AZ (layout from src/model/cidr.ts),
 * routes, NAT per the tier's strategy, and flow logs.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { buildNatInstance, type NatInstance } from "./nat-instance";
import { flowLogsArn } from "../../model/arns";
import { planSubnets, type SubnetPlan, type SubnetTier } from "../../model/cidr";
import { assumeRolePolicy, flowLogsPolicy } from "../../model/iam";
import type { Scope } from "../scope";
import { mapInput } from "../inputs";

export interface Network {
  readonly vpc: aws.ec2.Vpc;
  readonly subnets: Readonly<Record<SubnetTier, aws.ec2.Subnet[]>>;
  /** The NAT instance, where natGateways is "instance". */
  readonly natInstance: NatInstance | undefined;
}

export interface NetworkDeps {
  readonly flowLogGroup: aws.cloudwatch.LogGroup;
  /** Encrypts the NAT instance's volume. */
  readonly key: aws.kms.Key;
  readonly accountId: pulumi.Input<string>;
}

/**
 * VPC, subnets (public, app, data in every AZ), internet gateway, NAT per the tier, route tables,
 * the default security group stripped of every rule, and flow logs.
 *
 * Children are named by (tier, AZ letter), never by list position: adding an AZ adds subnets and
 * renames nothing.
 */
export function buildNetwork(scope: Scope, deps: NetworkDeps): Network {
  const { network } = scope.settings;
  const vpc = new aws.ec2.Vpc(
    scope.name("vpc"),
    { cidrBlock: network.cidr, enableDnsHostnames: true, enableDnsSupport: true, tags: scope.tags("vpc") },
    scope.opts(),
  );

  // No rules at all: anything that forgets to name its own security group gets no traffic.
  new aws.ec2.DefaultSecurityGroup(
    scope.name("default-sg"),
    { vpcId: vpc.id, ingress: [], egress: [], tags: scope.tags("default-sg") },
    scope.opts(),
  );

  const plans = planSubnets(network.cidr, network.availabilityZones);
  const subnet = (plan: SubnetPlan) =>
    new aws.ec2.Subnet(
      scope.name(`${plan.tier}-${plan.letter}`),
      {
        vpcId: vpc.id,
        cidrBlock: plan.cidr,
        availabilityZone: plan.az,
        mapPublicIpOnLaunch: false,
        tags: { ...scope.tags(`${plan.tier}-${plan.letter}`), Tier: plan.tier },
      },
      scope.opts(),
    );
  const byTier = (tier: SubnetTier) => plans.filter((p) => p.tier === tier);
  const subnets = {
    public: byTier("public").map(subnet),
    app: byTier("app").map(subnet),
    data: byTier("data").map(subnet),
  };

  const igw = new aws.ec2.InternetGateway(
    scope.name("igw"),
    { vpcId: vpc.id, tags: scope.tags("igw") },
    scope.opts(),
  );
  const publicRoutes = new aws.ec2.RouteTable(
    scope.name("public-rt"),
    { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }], tags: scope.tags("public-rt") },
    scope.opts(),
  );
  byTier("public").forEach((plan, i) =>
    associate(scope, `public-${plan.letter}`, subnets.public[i]!, publicRoutes),
  );

  const nats = buildNatGateways(scope, byTier("public"), subnets.public, igw);
  const natInstance =
    network.natGateways === "instance"
      ? buildNatInstance(scope, {
          vpc,
          publicSubnet: subnets.public[0]!,
          sourceCidrs: byTier("app").map((p) => ({ letter: p.letter, cidr: p.cidr })),
          key: deps.key,
          accountId: deps.accountId,
          igw,
        })
      : undefined;
  byTier("app").forEach((plan, i) => {
    // perAz: each AZ egresses through its own NAT; single: all through the one NAT; instance:
    // all through the NAT instance's static interface.
    const nat = nats.get(plan.letter) ?? [...nats.values()][0];
    const egress = natInstance
      ? [{ cidrBlock: "0.0.0.0/0", networkInterfaceId: natInstance.eni.id }]
      : nat
        ? [{ cidrBlock: "0.0.0.0/0", natGatewayId: nat.id }]
        : [];
    const routes = new aws.ec2.RouteTable(
      scope.name(`app-rt-${plan.letter}`),
      {
        vpcId: vpc.id,
        routes: egress,
        tags: scope.tags(`app-rt-${plan.letter}`),
      },
      scope.opts(),
    );
    associate(scope, `app-${plan.letter}`, subnets.app[i]!, routes);
  });

  // The data tier is isolated: local routes only, no way in or out of the VPC.
  const dataRoutes = new aws.ec2.RouteTable(
    scope.name("data-rt"),
    { vpcId: vpc.id, routes: [], tags: scope.tags("data-rt") },
    scope.opts(),
  );
  byTier("data").forEach((plan, i) => associate(scope, `data-${plan.letter}`, subnets.data[i]!, dataRoutes));

  buildFlowLogs(scope, vpc, deps.flowLogGroup, deps.accountId);
  return { vpc, subnets, natInstance };
}

function associate(scope: Scope, suffix: string, subnet: aws.ec2.Subnet, table: aws.ec2.RouteTable): void {
  new aws.ec2.RouteTableAssociation(
    scope.name(`${suffix}-rta`),
    { subnetId: subnet.id, routeTableId: table.id },
    scope.opts(),
  );
}

function buildNatGateways(
  scope: Scope,
  publicPlans: SubnetPlan[],
  publicSubnets: aws.ec2.Subnet[],
  igw: aws.ec2.InternetGateway,
): Map<string, aws.ec2.NatGateway> {
  const strategy = scope.settings.network.natGateways;
  const hosts = strategy === "perAz" ? publicPlans : strategy === "single" ? publicPlans.slice(0, 1) : [];
  const nats = new Map<string, aws.ec2.NatGateway>();
  hosts.forEach((plan, i) => {
    const eip = new aws.ec2.Eip(
      scope.name(`nat-eip-${plan.letter}`),
      { domain: "vpc", tags: scope.tags(`nat-eip-${plan.letter}`) },
      scope.opts({ dependsOn: [igw] }),
    );
    const nat = new aws.ec2.NatGateway(
      scope.name(`nat-${plan.letter}`),
      { allocationId: eip.id, subnetId: publicSubnets[i]!.id, tags: scope.tags(`nat-${plan.letter}`) },
      scope.opts({ dependsOn: [igw] }),
    );
    nats.set(plan.letter, nat);
  });
  return nats;
}

/** Flow logs go to the environment's flow-log group (src/environment/observability/observability.ts). */
function buildFlowLogs(
  scope: Scope,
  vpc: aws.ec2.Vpc,
  logGroup: aws.cloudwatch.LogGroup,
  accountId: pulumi.Input<string>,
): void {
  const { region } = scope.settings;
  const role = new aws.iam.Role(
    scope.name("flow-logs-role"),
    {
      // Only this account's flow logs: AWS VPC user guide, "IAM role for publishing flow logs to
      // CloudWatch Logs" (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html,
      // 2026-12-02), aws:SourceAccount and aws:SourceArn against the confused deputy.
      assumeRolePolicy: mapInput(accountId, (account) =>
        JSON.stringify(
          assumeRolePolicy("vpc-flow-logs.amazonaws.com", {
            account,
            arn: flowLogsArn({ region, accountId: account }),
          }),
        ),
      ),
      tags: scope.tags("flow-logs-role"),
    },
    scope.opts(),
  );
  const policy = new aws.iam.RolePolicy(
    scope.name("flow-logs-policy"),
    { role: role.id, policy: logGroup.arn.apply((arn: string) => JSON.stringify(flowLogsPolicy(arn))) },
    scope.opts(),
  );
  new aws.ec2.FlowLog(
    scope.name("flow-log"),
    {
      vpcId: vpc.id,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: logGroup.arn,
      iamRoleArn: role.arn,
      maxAggregationInterval: 60,
      tags: scope.tags("flow-log"),
    },
    // The service checks the role's permissions when the flow log is created: the policy first.
    scope.opts({ dependsOn: [policy] }),
  );
}
