/**
 * What the mock "cloud" answers when the program registers a resource or calls a data source
 * offline: the inputs back, plus the computed outputs the program reads (ARNs, endpoints, DNS
 * names) in AWS's formats, all derived from the logical name so every run gives the same plan.
 */
import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { T } from "../model/resource-types";
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
    case T.bucket: {
      // Pulumi autonames a bucket: the logical name, "-" and seven random characters.
      const bucket = `${name}-${hex(seed, 7)}`;
      return { arn: bucketArn(partition, bucket), bucket };
    }
    case T.serverlessrepositoryCloudFormationStack:
      return { outputs: { RotationLambdaARN: arn("lambda", `function:${name}`) } };
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

/** AppConfig ids are seven lowercase letters and digits. */
function appConfigId(seed: string): string {
  return parseInt(hex(seed, 10), 16).toString(36).slice(0, 7).padStart(7, "0");
}

/** ElastiCache endpoints abbreviate the region: us-east-1 → use1. */
function regionCode(region: string): string {
  const [area = "", direction = "", number = ""] = region.split("-");
  return `${area}${direction[0] ?? ""}${number}`;
}

export function mocks(region: string): pulumi.runtime.Mocks {
  return {
    newResource(args) {
      const inputs = args.inputs as State;
      const name = typeof inputs["name"] === "string" ? (inputs["name"] as string) : args.name;
      return {
        id: `${args.name}-id`,
        state: { ...inputs, name, ...mockState(args.type, args.name, inputs, region) },
      };
    },
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
