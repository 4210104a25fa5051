/**
 * What the mock "cloud" answers when the program registers a resource or calls a data source
 * offline: the inputs back, plus the few computed outputs the program reads (ARNs, endpoints,
 * DNS names), all derived from the logical name so every run gives the same plan.
 */
import type * as pulumi from "@pulumi/pulumi";
import { T } from "../model/resource-types";

/** The account id offline plans run as; appears in scoped ARNs. */
export const MOCK_ACCOUNT_ID = "123456789012";

/** The value a mocked random generator returns. Tests assert it never reaches a plan or a log. */
export const MOCK_GENERATED_SECRET = "mock-generated-secret-value-9f2c";

type State = Record<string, unknown>;

function computed(type: string, name: string, inputs: State, stackRegion: string): State {
  // A resource in another region (AWS provider v7's per-resource `region`) gets that region's ARN.
  const region = typeof inputs["region"] === "string" ? inputs["region"] : stackRegion;
  const arn = (service: string, resource: string) =>
    `arn:aws:${service}:${region}:${MOCK_ACCOUNT_ID}:${resource}`;
  switch (type) {
    case T.rdsInstance: {
      const address = `${name}.mock.${region}.rds.amazonaws.com`;
      return { address, endpoint: `${address}:${inputs["port"] ?? 5432}`, arn: arn("rds", `db:${name}`) };
    }
    case T.replicationGroup:
      return {
        primaryEndpointAddress: `master.${name}.mock.cache.amazonaws.com`,
        arn: arn("elasticache", `replicationgroup:${name}`),
      };
    case T.loadBalancer:
      return {
        dnsName: `${name}-mock.${region}.elb.amazonaws.com`,
        zoneId: "ZMOCKELBZONE",
        arn: arn("elasticloadbalancing", `loadbalancer/app/${name}`),
        arnSuffix: `app/${name}/mock`,
      };
    case T.lbTargetGroup:
      return {
        arn: arn("elasticloadbalancing", `targetgroup/${name}`),
        arnSuffix: `targetgroup/${name}/mock`,
      };
    case T.certificate:
      return {
        arn: arn("acm", `certificate/${name}`),
        domainValidationOptions: [
          {
            domainName: inputs["domainName"],
            resourceRecordName: `_mock.${String(inputs["domainName"])}.`,
            resourceRecordType: "CNAME",
            resourceRecordValue: "_mock.acm-validations.aws.",
          },
        ],
      };
    case T.route53Record:
      return { fqdn: inputs["name"] };
    case T.acmCertificateValidation:
      return { certificateArn: inputs["certificateArn"] };
    case T.launchTemplate:
      return { latestVersion: 1, arn: arn("ec2", `launch-template/${name}`) };
    case T.kmsKey:
      return { keyId: `${name}-key-id`, arn: arn("kms", `key/${name}-key-id`) };
    case T.secret:
      return { arn: arn("secretsmanager", `secret:${String(inputs["name"])}-MoCkId`) };
    case T.role:
      return { arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/${name}`, name };
    case T.iamInstanceProfile:
      return { arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:instance-profile/${name}`, name };
    case T.logGroup: {
      // An explicit name (/infra/<stack>/app, aws-waf-logs-…) is the group's name and its ARN's.
      const groupName = String(inputs["name"] ?? name);
      return { arn: arn("logs", `log-group:${groupName}`), name: groupName };
    }
    case T.metricAlarm:
      return { arn: arn("cloudwatch", `alarm:${String(inputs["name"] ?? name)}`) };
    case T.bucket:
      return { arn: `arn:aws:s3:::${name}-mock`, bucket: `${name}-mock` };
    case T.serverlessrepositoryCloudFormationStack:
      return { outputs: { RotationLambdaARN: arn("lambda", `function:${name}`) } };
    case T.appconfigEnvironment:
      return { environmentId: `${name}-envid`, arn: arn("appconfig", `application/${name}`) };
    case T.appconfigConfigurationProfile:
      return { configurationProfileId: `${name}-profileid`, arn: arn("appconfig", `profile/${name}`) };
    case T.appconfigHostedConfigurationVersion:
      return { versionNumber: 1, arn: arn("appconfig", `version/${name}`) };
    case T.webAcl:
      return {
        arn: `arn:aws:wafv2:${inputs["scope"] === "CLOUDFRONT" ? "us-east-1" : region}:${MOCK_ACCOUNT_ID}:${inputs["scope"] === "CLOUDFRONT" ? "global" : "regional"}/webacl/${name}/mock`,
      };
    case T.distribution:
      return {
        arn: `arn:aws:cloudfront::${MOCK_ACCOUNT_ID}:distribution/${name}`,
        domainName: `${name}.cloudfront.net`,
        // CloudFront's fixed hosted zone for alias records.
        hostedZoneId: "Z2FDTNDATAQYW2",
      };
    case T.cloudwatchLogDeliveryDestination:
      return { arn: arn("logs", `delivery-destination:${name}`) };
    case T.randomPassword:
      return { result: MOCK_GENERATED_SECRET };
    case T.randomId:
      return { hex: "0f1e2d3c" };
    default:
      return { arn: arn(type.split(":")[1]?.split("/")[0] ?? "mock", name) };
  }
}

export function mocks(region: string): pulumi.runtime.Mocks {
  return {
    newResource(args) {
      const inputs = args.inputs as State;
      const name = typeof inputs["name"] === "string" ? (inputs["name"] as string) : args.name;
      return {
        id: `${args.name}-id`,
        state: { ...inputs, name, ...computed(args.type, args.name, inputs, region) },
      };
    },
    call(args) {
      if (args.token === "aws:index/getCallerIdentity:getCallerIdentity") {
        return {
          accountId: MOCK_ACCOUNT_ID,
          arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:user/offline-plan`,
          userId: "OFFLINEPLAN",
          id: MOCK_ACCOUNT_ID,
        };
      }
      if (args.token === "aws:ec2/getManagedPrefixList:getManagedPrefixList") {
        // The real id of CloudFront's origin-facing list in us-east-1.
        return { id: "pl-3b927c52", name: args.inputs["name"], entries: [] };
      }
      // A new data-source call must be mocked on purpose, never slip into the plan unseen.
      throw new Error(`the offline plan does not mock the data source ${args.token}`);
    },
  };
}
