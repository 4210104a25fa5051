/**
 * What the mock "cloud" answers when the program registers a resource or calls a data source
 * offline: the resource's id as the provider sets it, the inputs back, plus the computed outputs
 * the program reads (ARNs, endpoints, DNS names), all in AWS's formats and derived from the type
 * and logical name so every run gives the same plan.
 */
import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { type ResourceType, T } from "../model/resource-types";
import {
  alarmArn,
  autoScalingGroupArn,
  bucketArn,
  dashboardArn,
  kmsKeyArn,
  launchTemplateArn,
  logGroupArn,
  parameterArn,
  partitionOf,
  roleArn,
  secretArn,
  trailArn,
} from "../model/arns";

/** The account id offline plans run as; appears in scoped ARNs. */
export const MOCK_ACCOUNT_ID = "123456789012";

/** The value a mocked random generator returns. Tests assert it never reaches a plan or a log. */
export const MOCK_GENERATED_SECRET = "mock-generated-secret-value-9f2c";

type State = Record<string, unknown>;

/**
 * The Elastic Load Balancing accounts that write access logs, per region, as the provider's
 * aws.elb.getServiceAccount answers (AWS: "Enable access logs for your Application Load
 * Balancer", Regions available before August 2022,
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html).
 */
const ELB_LOG_ACCOUNTS: Readonly<Record<string, string>> = {
  "us-east-1": "127311923021",
  "us-east-2": "033677994240",
  "us-west-1": "027434742980",
  "us-west-2": "797873946194",
  "ca-central-1": "985666609251",
  "eu-central-1": "054676820928",
  "eu-west-1": "156460612806",
  "eu-west-2": "652711504416",
  "eu-west-3": "009996457667",
  "eu-north-1": "897822967062",
  "ap-northeast-1": "582318560864",
  "ap-northeast-2": "600734575887",
  "ap-south-1": "718504428378",
  "ap-southeast-1": "114774131450",
  "ap-southeast-2": "783225319266",
  "sa-east-1": "507241528517",
};

/** Deterministic hex standing in for AWS's random parts: the same resource always gets the same. */
function hex(seed: string, length: number): string {
  let out = "";
  for (let i = 0; out.length < length; i++) out += createHash("sha256").update(`${seed}#${i}`).digest("hex");
  return out.slice(0, length);
}

/** A UUID-shaped id (KMS keys, auto-scaling groups, certificates, web ACLs). */
function uuid(seed: string): string {
  const h = hex(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * What AWS computes for a resource, in AWS's own formats (Service Authorization Reference ARN
 * formats; each service's documented endpoint and id shapes), with the stack's partition, its
 * region or the resource's own `region`, and the offline account: IAM checks and plan files see
 * real strings. Exported so tests can name a planned resource's ARN without restating a format.
 */
export function mockState(type: string, logicalName: string, inputs: State, stackRegion: string): State {
  const region = typeof inputs["region"] === "string" ? (inputs["region"] as string) : stackRegion;
  const place = { region, accountId: MOCK_ACCOUNT_ID };
  const partition = partitionOf(region);
  const seed = `${type}:${logicalName}`;
  const name = logicalName;
  const arn = (service: string, resource: string) =>
    `arn:${partition}:${service}:${region}:${MOCK_ACCOUNT_ID}:${resource}`;
  switch (type) {
    case T.rdsInstance: {
      const identifier = String(inputs["identifier"] ?? name);
      const address = `${identifier}.c${hex(seed, 11)}.${region}.rds.amazonaws.com`;
      return {
        address,
        endpoint: `${address}:${inputs["port"] ?? 5432}`,
        arn: arn("rds", `db:${identifier}`),
        resourceId: `db-${alphanumeric(seed, 26, UPPER_ALNUM)}`,
      };
    }
    case T.replicationGroup:
      return {
        primaryEndpointAddress: `master.${name}.${hex(seed, 6)}.${regionCode(region)}.cache.amazonaws.com`,
        arn: arn("elasticache", `replicationgroup:${name}`),
      };
    case T.loadBalancer:
      return {
        dnsName: `${name}-${parseInt(hex(seed, 8), 16)}.${region}.elb.amazonaws.com`,
        // The ALB hosted zone of us-east-1; alias records only need a zone id's shape offline.
        zoneId: "Z35SXDOTRQ7X7K",
        arn: arn("elasticloadbalancing", `loadbalancer/app/${name}/${hex(seed, 16)}`),
        arnSuffix: `app/${name}/${hex(seed, 16)}`,
      };
    case T.lbTargetGroup:
      return {
        arn: arn("elasticloadbalancing", `targetgroup/${name}/${hex(seed, 16)}`),
        arnSuffix: `targetgroup/${name}/${hex(seed, 16)}`,
      };
    case T.listener:
      return {
        arn: arn("elasticloadbalancing", `listener/app/${name}/${hex(seed, 16)}/${hex(`${seed}l`, 16)}`),
      };
    case T.lbListenerRule:
      // The rule's ARN is its listener's, as listener-rule/…, plus the rule's own 16 hex digits.
      return {
        arn: `${String(inputs["listenerArn"]).replace(":listener/", ":listener-rule/")}/${hex(seed, 16)}`,
      };
    case T.certificate:
      return {
        arn: arn("acm", `certificate/${uuid(seed)}`),
        domainValidationOptions: [
          {
            domainName: inputs["domainName"],
            resourceRecordName: `_${hex(seed, 32)}.${String(inputs["domainName"])}.`,
            resourceRecordType: "CNAME",
            resourceRecordValue: `_${hex(`${seed}v`, 32)}.acm-validations.aws.`,
          },
        ],
      };
    case T.route53Record:
      return { fqdn: inputs["name"] };
    case T.acmCertificateValidation:
      return { certificateArn: inputs["certificateArn"] };
    case T.launchTemplate:
      return { latestVersion: 1, arn: launchTemplateArn(place, `lt-${hex(seed, 17)}`) };
    case T.kmsKey: {
      const keyId = uuid(seed);
      return { keyId, arn: kmsKeyArn(place, keyId) };
    }
    case T.secret:
      // Secrets Manager appends "-" and six random characters to the name.
      return { arn: secretArn(place, String(inputs["name"]), hex(seed, 6)) };
    case T.role:
      return { arn: roleArn(partition, MOCK_ACCOUNT_ID, name), name };
    case T.iamInstanceProfile:
      return { arn: `arn:${partition}:iam::${MOCK_ACCOUNT_ID}:instance-profile/${name}`, name };
    case T.logGroup: {
      // An explicit name (/infra/<stack>/app, aws-waf-logs-…) is the group's name and its ARN's.
      const groupName = String(inputs["name"] ?? name);
      return { arn: logGroupArn(place, groupName), name: groupName };
    }
    case T.metricAlarm:
      return { arn: alarmArn(place, String(inputs["name"] ?? name)) };
    case T.dashboard:
      return { dashboardArn: dashboardArn(place, String(inputs["dashboardName"])) };
    case T.autoscalingGroup:
      return { arn: autoScalingGroupArn(place, uuid(seed), name) };
    case T.trail:
      return { arn: trailArn(place, String(inputs["name"] ?? name)) };
    case T.topic:
      return { arn: arn("sns", name) };
    case T.bucket:
    case T.bucketV2: {
      // Pulumi autonames a bucket: the logical name, "-" and seven random characters.
      const bucket = String(inputs["bucket"] ?? `${name}-${hex(seed, 7)}`);
      return { arn: bucketArn(partition, bucket), bucket };
    }
    case T.serverlessrepositoryCloudFormationStack:
      return {
        // The provider prefixes the CloudFormation stack's name with "serverlessrepo-".
        stackId: arn(
          "cloudformation",
          `stack/serverlessrepo-${String(inputs["name"] ?? name)}/${uuid(seed)}`,
        ),
        outputs: { RotationLambdaARN: arn("lambda", `function:${name}`) },
      };
    case T.secretsmanagerSecretVersion:
      return { versionId: uuid(seed) };
    case T.rdsAutomatedBackupsReplication:
      return { arn: arn("rds", `auto-backup:ab-${alphanumeric(seed, 36, LOWER_ALNUM)}`) };
    case T.policy:
      return { arn: `arn:${partition}:iam::${MOCK_ACCOUNT_ID}:policy/${name}` };
    case T.sqsQueue:
      return {
        arn: arn("sqs", name),
        url: `https://sqs.${region}.amazonaws.com/${MOCK_ACCOUNT_ID}/${name}`,
      };
    case T.appconfigApplication:
      return { arn: arn("appconfig", `application/${appConfigId(`${seed}`)}`) };
    case T.appconfigEnvironment: {
      const environmentId = appConfigId(seed);
      return {
        environmentId,
        arn: arn("appconfig", `application/${String(inputs["applicationId"])}/environment/${environmentId}`),
      };
    }
    case T.appconfigConfigurationProfile: {
      const configurationProfileId = appConfigId(seed);
      return {
        configurationProfileId,
        arn: arn(
          "appconfig",
          `application/${String(inputs["applicationId"])}/configurationprofile/${configurationProfileId}`,
        ),
      };
    }
    case T.appconfigHostedConfigurationVersion:
      return {
        versionNumber: 1,
        arn: arn(
          "appconfig",
          `application/${String(inputs["applicationId"])}/configurationprofile/${String(inputs["configurationProfileId"])}/hostedconfigurationversion/1`,
        ),
      };
    case T.webAcl: {
      const global = inputs["scope"] === "CLOUDFRONT";
      return {
        arn: `arn:${partition}:wafv2:${global ? "us-east-1" : region}:${MOCK_ACCOUNT_ID}:${global ? "global" : "regional"}/webacl/${name}/${uuid(seed)}`,
      };
    }
    case T.distribution: {
      const id = `E${hex(seed, 13).toUpperCase()}`;
      return {
        arn: `arn:${partition}:cloudfront::${MOCK_ACCOUNT_ID}:distribution/${id}`,
        domainName: `d${hex(`${seed}d`, 13)}.cloudfront.net`,
        // CloudFront's fixed hosted zone for alias records.
        hostedZoneId: "Z2FDTNDATAQYW2",
      };
    }
    case T.cloudwatchLogDeliveryDestination:
      return { arn: arn("logs", `delivery-destination:${String(inputs["name"] ?? name)}`) };
    case T.logDeliverySource:
      return { arn: arn("logs", `delivery-source:${String(inputs["name"] ?? name)}`) };
    case T.ssmParameter:
      return { arn: parameterArn(place, String(inputs["name"] ?? name)) };
    case T.backupVault:
      return { arn: arn("backup", `backup-vault:${String(inputs["name"] ?? name)}`) };
    case T.randomPassword:
      return { result: MOCK_GENERATED_SECRET };
    case T.randomId:
      return { hex: "0f1e2d3c" };
    default:
      return { arn: arn(type.split(":")[1]?.split("/")[0] ?? "mock", name) };
  }
}

const UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
const MIXED_ALNUM = `${UPPER_ALNUM}abcdefghijklmnopqrstuvwxyz`;

/** Deterministic characters of an alphabet (RDS resource ids, CloudWatch Logs delivery ids). */
function alphanumeric(seed: string, length: number, alphabet: string): string {
  const bytes = Buffer.from(hex(`${seed}@`, length * 2), "hex");
  return [...bytes].map((b) => alphabet[b % alphabet.length]).join("");
}

/** AppConfig ids are seven lowercase letters and digits. */
function appConfigId(seed: string): string {
  return parseInt(hex(seed, 10), 16).toString(36).slice(0, 7).padStart(7, "0");
}

/** ElastiCache endpoints abbreviate the region: us-east-1 → use1. */
function regionCode(region: string): string {
  const [area = "", direction = "", number = ""] = region.split("-");
  return `${area}${direction[0] ?? ""}${number}`;
}

/** What an id rule sees: the registration and what the mock answered for it. */
interface IdContext {
  /** The resource's name as the mock answered it: the explicit `name` input or the logical name. */
  readonly name: string;
  readonly inputs: State;
  readonly state: State;
  /** Deterministic hex for the parts AWS makes up. */
  readonly hex: (length: number) => string;
  readonly uuid: () => string;
}
type IdRule = (r: IdContext) => string;

const text = (value: unknown): string => String(value);
/** EC2's ids: a prefix and 17 lowercase hex digits (vpc-0a1b…), https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/resource-ids.html (2026-05). */
const ec2 =
  (prefix: string): IdRule =>
  (r) =>
    `${prefix}-${r.hex(17)}`;
const byName: IdRule = (r) => r.name;
const byArn: IdRule = (r) => text(r.state["arn"]);
const byInput =
  (key: string): IdRule =>
  (r) =>
    text(r.inputs[key]);
/** The S3 bucket sub-resources: the bucket, with ",<owner>" when an expected owner is given. */
const bucketPart: IdRule = (r) =>
  r.inputs["expectedBucketOwner"]
    ? `${text(r.inputs["bucket"])},${text(r.inputs["expectedBucketOwner"])}`
    : text(r.inputs["bucket"]);
/** `<principal>:<policy name>`, the inline-policy resources' id. */
const inlinePolicy =
  (principal: string): IdRule =>
  (r) =>
    `${text(r.inputs[principal])}:${r.name}`;
/**
 * The attachment resources' legacy unstable id: "<principal>-" then the SDK's PrefixedUniqueId
 * (a UTC timestamp to 1/10000 s and an 8-hex counter), here from the hash so it stays stable.
 */
const attachment =
  (principal: string): IdRule =>
  (r) =>
    `${text(r.inputs[principal])}-${mockTimestamp(r.hex(8))}${r.hex(8)}`;

/**
 * Every type's id as pulumi-aws (the Terraform provider underneath) sets it, checked against the
 * provider's resource docs and import sections (node_modules/@pulumi/aws/<module>/*.d.ts,
 * @pulumi/aws 7.48.0) and, where the import id differs from the id, the Terraform provider's
 * `d.SetId` calls (github.com/hashicorp/terraform-provider-aws, 2026-05). Null: a component has
 * no id. A new type must be given its rule here: the mocks refuse an aws/random type without one.
 */
export const ID_RULES: { readonly [K in ResourceType]: IdRule | null } = {
  [T.certificate]: byArn,
  // The time the certificate was issued, as Go prints it (the provider's d.SetId(IssuedAt.String())).
  [T.acmCertificateValidation]: (r) =>
    `${mockTime(r.hex(8))
      .replace("T", " ")
      .replace(/\.\d+Z$/, "")} +0000 UTC`,
  [T.appconfigApplication]: (r) => text(r.state["arn"]).split("/").pop()!,
  [T.appconfigConfigurationProfile]: (r) =>
    `${text(r.state["configurationProfileId"])}:${text(r.inputs["applicationId"])}`,
  [T.appconfigDeployment]: (r) => `${text(r.inputs["applicationId"])}/${text(r.inputs["environmentId"])}/1`,
  [T.appconfigDeploymentStrategy]: (r) => appConfigId(r.hex(12)),
  [T.appconfigEnvironment]: (r) => `${text(r.state["environmentId"])}:${text(r.inputs["applicationId"])}`,
  [T.appconfigHostedConfigurationVersion]: (r) =>
    `${text(r.inputs["applicationId"])}/${text(r.inputs["configurationProfileId"])}/${text(r.state["versionNumber"])}`,
  [T.autoscalingGroup]: byName,
  [T.autoscalingSchedule]: byInput("scheduledActionName"),
  [T.backupPlan]: (r) => r.uuid(),
  // The selection's name, ":" and its restore testing plan's name.
  [T.backupRestoreTestingPlan]: byName,
  [T.backupRestoreTestingSelection]: (r) => `${r.name}:${text(r.inputs["restoreTestingPlanName"])}`,
  [T.backupSelection]: (r) => r.uuid(),
  [T.backupVault]: byName,
  [T.backupVaultLock]: byInput("backupVaultName"),
  [T.scalingPolicy]: byName,
  [T.distribution]: (r) => text(r.state["arn"]).split("/").pop()!,
  [T.cloudfrontResponseHeadersPolicy]: (r) => r.uuid(),
  [T.trail]: byArn,
  [T.dashboard]: byInput("dashboardName"),
  // On the default bus the rule's name; on another bus "<bus>/<name>".
  [T.eventRule]: (r) => (busOf(r) ? `${busOf(r)}/${r.name}` : r.name),
  [T.eventTarget]: (r) => {
    const target = text(r.inputs["targetId"] ?? `terraform-${mockTimestamp(r.hex(8))}${r.hex(8)}`);
    const rule = text(r.inputs["rule"]);
    return busOf(r) ? `${busOf(r)}/${rule}/${target}` : `${rule}-${target}`;
  },
  [T.cloudwatchLogDelivery]: (r) => alphanumeric(r.hex(16), 16, MIXED_ALNUM),
  [T.cloudwatchLogDeliveryDestination]: byName,
  [T.logDeliverySource]: byName,
  [T.logGroup]: byName,
  [T.metricAlarm]: byName,
  [T.defaultSecurityGroup]: ec2("sg"),
  [T.eip]: ec2("eipalloc"),
  [T.flowLog]: ec2("fl"),
  [T.ec2InternetGateway]: ec2("igw"),
  // The same id the template's ARN ends with.
  [T.launchTemplate]: (r) => text(r.state["arn"]).split("/").pop()!,
  [T.ec2NatGateway]: ec2("nat"),
  [T.ec2NetworkInterface]: ec2("eni"),
  [T.ec2RouteTable]: ec2("rtb"),
  [T.ec2RouteTableAssociation]: ec2("rtbassoc"),
  [T.securityGroup]: ec2("sg"),
  // The legacy rule's id is "sgrule-" and a hash of its arguments, in decimal.
  [T.legacyRule]: (r) => `sgrule-${parseInt(r.hex(8), 16)}`,
  [T.subnet]: ec2("subnet"),
  [T.vpc]: ec2("vpc"),
  [T.replicationGroup]: (r) => text(r.inputs["replicationGroupId"] ?? r.name),
  [T.elasticacheSubnetGroup]: byName,
  // IAM access key ids: "AKIA" and 16 upper-case letters and digits (not a secret).
  [T.accessKey]: (r) => `AKIA${alphanumeric(r.hex(16), 16, UPPER_ALNUM)}`,
  [T.iamGroup]: byName,
  [T.iamGroupPolicy]: inlinePolicy("group"),
  [T.iamGroupPolicyAttachment]: attachment("group"),
  [T.iamInstanceProfile]: byName,
  [T.policy]: byArn,
  [T.role]: byName,
  [T.rolePolicy]: inlinePolicy("role"),
  [T.iamRolePolicyAttachment]: attachment("role"),
  [T.user]: byName,
  [T.userPolicy]: inlinePolicy("user"),
  [T.userPolicyAttachment]: attachment("user"),
  [T.kmsAlias]: byName,
  [T.kmsKey]: (r) => text(r.state["keyId"]),
  [T.kmsKeyPolicy]: byInput("keyId"),
  [T.listener]: byArn,
  [T.lbListenerRule]: byArn,
  [T.loadBalancer]: byArn,
  [T.lbTargetGroup]: byArn,
  // Since provider v5 an instance's id is its DBI resource id (db-…), not its identifier.
  [T.rdsInstance]: (r) => text(r.state["resourceId"]),
  [T.rdsAutomatedBackupsReplication]: byArn,
  [T.rdsParameterGroup]: byName,
  [T.rdsSubnetGroup]: byName,
  // "<zone>_<name>_<type>", and "_<set identifier>" for a routing-policy record.
  [T.route53Record]: (r) =>
    [
      r.inputs["zoneId"],
      text(r.inputs["name"]).replace(/\.$/, "").toLowerCase(),
      r.inputs["type"],
      r.inputs["setIdentifier"],
    ]
      .filter((part) => part !== undefined && part !== null)
      .map(text)
      .join("_"),
  [T.bucket]: (r) => text(r.state["bucket"]),
  [T.bucketV2]: (r) => text(r.state["bucket"]),
  [T.schedulerSchedule]: (r) => `${text(r.inputs["groupName"] ?? "default")}/${r.name}`,
  [T.s3BucketLifecycleConfiguration]: bucketPart,
  [T.s3BucketLifecycleConfigurationV2]: bucketPart,
  [T.s3BucketOwnershipControls]: bucketPart,
  [T.bucketPolicy]: bucketPart,
  [T.publicAccessBlock]: bucketPart,
  [T.bucketEncryption]: bucketPart,
  [T.bucketEncryptionV2]: bucketPart,
  [T.bucketVersioning]: bucketPart,
  [T.bucketVersioningV2]: bucketPart,
  [T.s3BucketLogging]: bucketPart,
  [T.secret]: byArn,
  [T.secretRotation]: byInput("secretId"),
  [T.secretsmanagerSecretVersion]: (r) => `${text(r.inputs["secretId"])}|${text(r.state["versionId"])}`,
  [T.serverlessrepositoryCloudFormationStack]: (r) => text(r.state["stackId"]),
  [T.topic]: byArn,
  [T.snsTopicPolicy]: byInput("arn"),
  [T.snsTopicSubscription]: (r) => `${text(r.inputs["topic"])}:${r.uuid()}`,
  [T.sqsQueue]: (r) => text(r.state["url"]),
  [T.ssmParameter]: byName,
  [T.vpcSecurityGroupEgressRule]: ec2("sgr"),
  [T.ingressRule]: ec2("sgr"),
  // The web ACL's id is the UUID its ARN ends with.
  [T.webAcl]: (r) => text(r.state["arn"]).split("/").pop()!,
  [T.webAclAssociation]: (r) => `${text(r.inputs["webAclArn"])},${text(r.inputs["resourceArn"])}`,
  [T.webAclLogging]: byInput("resourceArn"),
  [T.ecrRepository]: byName,
  [T.ecrLifecyclePolicy]: byInput("repository"),
  [T.ecrRepositoryPolicy]: byInput("repository"),
  // A provider's id is a UUID the engine assigns.
  [T.awsProvider]: (r) => r.uuid(),
  [T.stack]: null,
  // random_id's id is its bytes in unpadded base64url; random_password's is the literal "none".
  [T.randomId]: (r) => Buffer.from(text(r.state["hex"]), "hex").toString("base64url"),
  [T.randomPassword]: () => "none",
};

/** An EventBridge rule's or target's bus, when it is not the default one. */
function busOf(r: IdContext): string | undefined {
  const bus = r.inputs["eventBusName"];
  return typeof bus === "string" && bus !== "default" ? bus : undefined;
}

/** A deterministic instant in 2025 standing in for a creation time, as ISO text. */
function mockTime(hexSeed: string): string {
  const secondsIn2025 = parseInt(hexSeed, 16) % (365 * 24 * 3600);
  return new Date(Date.UTC(2025, 0, 1) + secondsIn2025 * 1000).toISOString();
}

/** The SDK's unique-id timestamp: yyyymmddhhmmss and four fraction digits. */
function mockTimestamp(hexSeed: string): string {
  return `${mockTime(hexSeed).replace(/\D/g, "").slice(0, 14)}${String(parseInt(hexSeed, 16) % 10000).padStart(4, "0")}`;
}

/** The packages the program deploys with: a type of theirs without an id rule is a mistake. */
const MODELLED_PACKAGES = ["aws:", "random:", "pulumi:providers:"];

/** The id the provider gives a resource of a type; undefined for one that has none (the root stack). */
function mockId(type: string, logicalName: string, inputs: State, state: State): string | undefined {
  const rule = (ID_RULES as Readonly<Record<string, IdRule | null>>)[type];
  if (rule === null) return undefined;
  const seed = `${type}:${logicalName}#id`;
  const name = typeof state["name"] === "string" ? (state["name"] as string) : logicalName;
  const context: IdContext = {
    name,
    inputs,
    state,
    hex: (length) => hex(seed, length),
    uuid: () => uuid(seed),
  };
  if (rule) return rule(context);
  if (MODELLED_PACKAGES.some((p) => type.startsWith(p))) {
    throw new Error(
      `the offline plan has no id rule for ${type} (${logicalName}): add one to ID_RULES in src/plan/mock-outputs.ts`,
    );
  }
  // A type of no deployed package (a test fixture, the benchmark's bare resource): a plain unique id.
  return `${logicalName}-${hex(seed, 8)}`;
}

/** What the mocks answer for one registration: its id and its state (inputs and computed outputs). */
export function mockResource(
  type: string,
  logicalName: string,
  inputs: State,
  region: string,
  custom = true,
): { id: string | undefined; state: State } {
  const name = typeof inputs["name"] === "string" ? (inputs["name"] as string) : logicalName;
  const state = { ...inputs, name, ...mockState(type, logicalName, inputs, region) };
  return { id: custom ? mockId(type, logicalName, inputs, state) : undefined, state };
}

export function mocks(region: string): pulumi.runtime.Mocks {
  return {
    newResource: (args) =>
      // A component has no id; the root stack neither.
      mockResource(args.type, args.name, args.inputs as State, region, args.custom ?? true),
    call(args) {
      if (args.token === "aws:index/getCallerIdentity:getCallerIdentity") {
        return {
          accountId: MOCK_ACCOUNT_ID,
          arn: `arn:${partitionOf(region)}:iam::${MOCK_ACCOUNT_ID}:user/offline-plan`,
          userId: "OFFLINEPLAN",
          id: MOCK_ACCOUNT_ID,
        };
      }
      if (args.token === "aws:ec2/getManagedPrefixList:getManagedPrefixList") {
        // The real id of CloudFront's origin-facing list in us-east-1.
        return { id: "pl-3b927c52", name: args.inputs["name"], entries: [] };
      }
      if (args.token === "aws:elb/getServiceAccount:getServiceAccount") {
        const account = ELB_LOG_ACCOUNTS[region];
        if (!account) {
          throw new Error(
            `the offline plan knows no Elastic Load Balancing log-delivery account for region ${region}`,
          );
        }
        return { id: account, arn: `arn:${partitionOf(region)}:iam::${account}:root` };
      }
      // A new data-source call must be mocked on purpose, never slip into the plan unseen.
      throw new Error(`the offline plan does not mock the data source ${args.token}`);
    },
  };
}
