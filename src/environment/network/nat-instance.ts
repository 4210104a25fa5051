/**
 * The NAT instance (infra:network.natGateways "instance"): egress for the app subnets at a tenth
 * of a managed NAT gateway's price, for tiers that can live with minutes of outage.
 *
 * Design (the fck-nat "high availability mode", reimplemented): the app route tables send
 * 0.0.0.0/0 to a static network interface with the source/destination check off. An auto-scaling
 * group of one launches a small Graviton instance with a public address in the first public
 * subnet; at boot it attaches that interface, turns the check off on its own interface, and
 * forwards and masquerades. When the instance dies, the group launches another (EC2 health
 * checks) which takes the interface over, so the routes never change and nothing outside the
 * group has to act. An EC2 auto-recovery alarm was the alternative: it recovers only host
 * failures, not a terminated or wedged instance, and a sleeping stack would need yet another
 * scheduler to stop and start it.
 * https://fck-nat.dev/stable/deploying/ ; https://docs.aws.amazon.com/vpc/latest/userguide/VPC_NAT_Instance.html
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { GROUP_METRICS } from "../asg-metrics";
import { assumeRolePolicy, NAT_INSTANCE_TAG, natInstancePolicy } from "../../model/iam";
import { limitedNames } from "../../model/names";
import type { Scope } from "../scope";
import { defaultTags } from "../tags";
import { mapInput } from "../inputs";

/** The AL2023 image's root snapshot is 8 GiB; a launch template may not ask for less. */
export const NAT_ROOT_VOLUME_GB = 8;

/** The NAT instance group's size while awake: exactly one. */
export const NAT_GROUP_SIZE = { minSize: 1, desiredCapacity: 1, maxSize: 1 } as const;

export interface NatInstance {
  /** The static interface the app route tables point at. */
  readonly eni: aws.ec2.NetworkInterface;
  readonly securityGroup: aws.ec2.SecurityGroup;
  readonly group: aws.autoscaling.Group;
}

export interface NatInstanceDeps {
  readonly vpc: aws.ec2.Vpc;
  /** The first public subnet: the interface and the instance live in its AZ. */
  readonly publicSubnet: aws.ec2.Subnet;
  /** CIDRs of the subnets that egress through it (the app subnets); nothing else may send to it. */
  readonly sourceCidrs: readonly { readonly letter: string; readonly cidr: string }[];
  readonly key: aws.kms.Key;
  readonly accountId: pulumi.Input<string>;
  readonly igw: aws.ec2.InternetGateway;
}

/**
 * The boot script: attach the static interface (retrying while a dying instance still holds it),
 * turn off the source/destination check on the instance's own interface (forwarded replies leave
 * through it with the private host as destination), enable forwarding without reverse-path
 * filtering (requests arrive on one interface, replies on the other), masquerade out of the
 * interface with the public address. Installed as a boot-time unit so a reboot re-applies it.
 */
export function natUserData(input: { eniId: string; region: string }): string {
  return `#!/bin/bash
set -euo pipefail
cat > /usr/local/sbin/nat-setup <<'SCRIPT'
#!/bin/bash
set -euo pipefail
ENI_ID="${input.eniId}"
REGION="${input.region}"
TOKEN=$(curl -sfX PUT http://169.254.169.254/latest/api/token -H "X-aws-ec2-metadata-token-ttl-seconds: 300")
md() { curl -sf -H "X-aws-ec2-metadata-token: $TOKEN" "http://169.254.169.254/latest/meta-data/$1"; }
INSTANCE_ID=$(md instance-id)
OWN_ENI=$(md "network/interfaces/macs/$(md mac)/interface-id")
aws ec2 modify-network-interface-attribute --region "$REGION" --network-interface-id "$OWN_ENI" --no-source-dest-check
# Only the instance's own interface (and lo) present: the static one is not attached yet.
if [ "$(ls /sys/class/net | grep -vc '^lo$')" -lt 2 ]; then
  until aws ec2 attach-network-interface --region "$REGION" --instance-id "$INSTANCE_ID" --device-index 1 --network-interface-id "$ENI_ID"; do sleep 5; done
fi
sysctl -qw net.ipv4.ip_forward=1
for f in /proc/sys/net/ipv4/conf/*/rp_filter; do echo 0 > "$f"; done
PUBLIC_IF=$(ip -o route show default | awk '{print $5; exit}')
iptables -t nat -C POSTROUTING -o "$PUBLIC_IF" -j MASQUERADE 2>/dev/null || iptables -t nat -A POSTROUTING -o "$PUBLIC_IF" -j MASQUERADE
SCRIPT
chmod 0755 /usr/local/sbin/nat-setup
cat > /etc/systemd/system/nat-setup.service <<'UNIT'
[Unit]
Description=NAT instance: take over the static interface, forward and masquerade
After=network-online.target
Wants=network-online.target
[Service]
Type=oneshot
ExecStart=/usr/local/sbin/nat-setup
RemainAfterExit=yes
[Install]
WantedBy=multi-user.target
UNIT
dnf install -y iptables-nft
systemctl daemon-reload
systemctl enable --now nat-setup.service
`;
}

export function buildNatInstance(scope: Scope, deps: NatInstanceDeps): NatInstance {
  const { settings } = scope;
  const natName = scope.name("nat");
  const natTags = (suffix: string) => ({ ...scope.tags(suffix), [NAT_INSTANCE_TAG]: natName });

  const securityGroup = new aws.ec2.SecurityGroup(
    scope.name("nat-sg"),
    {
      vpcId: deps.vpc.id,
      description: `NAT instance (${settings.stack}): traffic from the app subnets only`,
      tags: scope.tags("nat-sg"),
    },
    scope.opts(),
  );
  // Only the app subnets route to it; everything they send (any protocol) is forwarded.
  for (const source of deps.sourceCidrs) {
    new aws.vpc.SecurityGroupIngressRule(
      scope.name(`nat-sg-in-app-${source.letter}`),
      {
        securityGroupId: securityGroup.id,
        ipProtocol: "-1",
        cidrIpv4: source.cidr,
        description: `Everything from app subnet ${source.letter}, to forward`,
      },
      scope.opts(),
    );
  }
  new aws.vpc.SecurityGroupEgressRule(
    scope.name("nat-sg-out-all-v4"),
    {
      securityGroupId: securityGroup.id,
      ipProtocol: "-1",
      cidrIpv4: "0.0.0.0/0",
      description: "Forwarded traffic to the internet (the app servers' own group limits what they send)",
    },
    scope.opts(),
  );

  const eni = new aws.ec2.NetworkInterface(
    scope.name("nat-eni"),
    {
      subnetId: deps.publicSubnet.id,
      securityGroups: [securityGroup.id],
      // Traffic routed to it is addressed to the internet, not to it.
      sourceDestCheck: false,
      description: `NAT instance static interface (${settings.stack}): the app subnets' route target`,
      tags: natTags("nat-eni"),
    },
    scope.opts(),
  );

  const role = new aws.iam.Role(
    limitedNames(settings.stack).natRole,
    {
      assumeRolePolicy: JSON.stringify(assumeRolePolicy("ec2.amazonaws.com")),
      description: `NAT instance of ${settings.stack}: attach its own interface only`,
      tags: scope.tags("nat-role"),
    },
    scope.opts(),
  );
  new aws.iam.RolePolicy(
    scope.name("nat-policy"),
    {
      role: role.id,
      policy: mapInput(deps.accountId, (accountId) =>
        JSON.stringify(natInstancePolicy({ region: settings.region, accountId, natName })),
      ),
    },
    scope.opts(),
  );
  const profile = new aws.iam.InstanceProfile(
    scope.name("nat-profile"),
    { role: role.name, tags: scope.tags("nat-profile") },
    scope.opts(),
  );

  const launchTags = { ...natTags("nat"), Environment: settings.environment, Stack: settings.stack };
  const template = new aws.ec2.LaunchTemplate(
    scope.name("nat-lt"),
    {
      // Pinned (infra:network.natImageId), like the hosts: a replacement runs the reviewed image.
      imageId: settings.network.natImageId,
      instanceType: settings.network.natInstanceType,
      iamInstanceProfile: { arn: profile.arn },
      // A public address: the instance reaches the internet (and the EC2 API at boot) itself.
      networkInterfaces: [
        {
          associatePublicIpAddress: "true",
          deleteOnTermination: "true",
          securityGroups: [securityGroup.id],
        },
      ],
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
      blockDeviceMappings: [
        {
          deviceName: "/dev/xvda",
          ebs: {
            volumeSize: NAT_ROOT_VOLUME_GB,
            volumeType: "gp3",
            encrypted: "true",
            kmsKeyId: deps.key.arn,
            deleteOnTermination: "true",
          },
        },
      ],
      // Basic (5-minute) monitoring: the in-service alarm reads the group's metrics, not the instance's.
      monitoring: { enabled: false },
      userData: eni.id.apply((eniId) =>
        Buffer.from(natUserData({ eniId, region: settings.region })).toString("base64"),
      ),
      updateDefaultVersion: true,
      tagSpecifications: [
        { resourceType: "instance", tags: launchTags },
        { resourceType: "volume", tags: launchTags },
        // The instance's own interface: the policy lets it change only interfaces carrying the tag.
        { resourceType: "network-interface", tags: launchTags },
      ],
      tags: natTags("nat-lt"),
    },
    scope.opts(),
  );

  const group = new aws.autoscaling.Group(
    scope.name("nat-asg"),
    {
      // One AZ: an interface attaches only to an instance in its own AZ.
      vpcZoneIdentifiers: [deps.publicSubnet.id],
      ...NAT_GROUP_SIZE,
      launchTemplate: { id: template.id, version: template.latestVersion.apply(String) },
      healthCheckType: "EC2",
      healthCheckGracePeriod: 120,
      enabledMetrics: GROUP_METRICS,
      metricsGranularity: "1Minute",
      // The old instance must let go of the interface before the new one can take it.
      instanceRefresh: { strategy: "Rolling", preferences: { minHealthyPercentage: 0 } },
      // Provider default tags do not reach auto-scaling groups: the environment tags are set here,
      // like the app group's (src/environment/app/compute.ts), so Stack-scoped access and cost
      // allocation find it.
      tags: Object.entries({ ...defaultTags(settings), Name: natName }).map(([key, value]) => ({
        key,
        value,
        propagateAtLaunch: true,
      })),
    },
    // The sleep schedule moves the size between zero and one; a deploy must not undo it.
    scope.opts({ ignoreChanges: ["desiredCapacity"], dependsOn: [deps.igw] }),
  );
  return { eni, securityGroup, group };
}
