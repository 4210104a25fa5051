/**
 * IAM documents for the app's configuration layers: its Parameter Store settings (and, where
 * sensitive, decrypting them with the environment's key). Every resource is named exactly.
 */
import { partitionOf, type PolicyDocument, type PolicyStatement } from "../../model/iam";
import { PULL_ACTIONS } from "../../model/artifact";

/** ARN of a Parameter Store parameter; `name` starts with "/", the ARN has exactly one. */
export function parameterArn(region: string, accountId: string, name: string): string {
  return `arn:${partitionOf(region)}:ssm:${region}:${accountId}:parameter/${name.replace(/^\//, "")}`;
}

export interface AppConfigAccessInput {
  readonly region: string;
  readonly accountId: string;
  /** Full names of the environment's app parameters, e.g. /production/app/log-level. */
  readonly parameterNames: readonly string[];
  /** The path they share, e.g. /production/app/ (GetParametersByPath is granted on the path). */
  readonly parameterPath: string;
  readonly kmsKeyArn: string;
}

/** Read the environment's app parameters and nothing else; decrypt SecureStrings only via SSM. */
export function appConfigPolicy(input: AppConfigAccessInput): PolicyDocument {
  const arn = (name: string) => parameterArn(input.region, input.accountId, name);
  const statements: PolicyStatement[] = [
    {
      Sid: "ReadOwnAppParameters",
      Effect: "Allow",
      Action: ["ssm:GetParameter", "ssm:GetParameters"],
      Resource: [...input.parameterNames].sort().map(arn),
    },
    {
      Sid: "ListOwnAppParameterPath",
      Effect: "Allow",
      Action: ["ssm:GetParametersByPath"],
      // The path's own ARN (no trailing slash) is what IAM checks for a by-path read.
      Resource: [arn(input.parameterPath.replace(/\/$/, ""))],
    },
    {
      Sid: "DecryptAppParametersWithOwnKey",
      Effect: "Allow",
      Action: ["kms:Decrypt"],
      Resource: [input.kmsKeyArn],
      Condition: { StringEquals: { "kms:ViaService": `ssm.${input.region}.amazonaws.com` } },
    },
  ];
  return { Version: "2012-10-17", Statement: statements };
}

export interface AppFlagsAccessInput {
  readonly region: string;
  readonly accountId: string;
  readonly applicationId: string;
  readonly environmentId: string;
  readonly profileId: string;
}

/** Fetch exactly one environment's flag profile through the AppConfig Data API. */
export function appFlagsPolicy(input: AppFlagsAccessInput): PolicyDocument {
  const partition = partitionOf(input.region);
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "ReadOwnFeatureFlags",
        Effect: "Allow",
        Action: ["appconfig:StartConfigurationSession", "appconfig:GetLatestConfiguration"],
        Resource: [
          `arn:${partition}:appconfig:${input.region}:${input.accountId}:application/${input.applicationId}/environment/${input.environmentId}/configuration/${input.profileId}`,
        ],
      },
    ],
  };
}

/**
 * What AppConfig may read while it watches a deployment: alarm states. AWS documents this role's
 * policy as cloudwatch:DescribeAlarms on "*" (AppConfig user guide, "Configure permissions for
 * automatic rollback", https://docs.aws.amazon.com/appconfig/latest/userguide/setting-up-appconfig.html):
 * AppConfig does not promise to name the alarms in its DescribeAlarms call, and an unfiltered
 * call is authorized against every alarm, so a policy scoped to the monitor alarms' ARNs can be
 * refused and the rollback would then never fire. It reveals alarm definitions, nothing else.
 */
export function monitorAlarmsPolicy(): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "ReadAlarmStates",
        Effect: "Allow",
        Action: ["cloudwatch:DescribeAlarms"],
        Resource: ["*"],
      },
    ],
  };
}

/**
 * Pull the application image from the shared repository, and nothing more: no push, no listing,
 * no other repository. `ecr:GetAuthorizationToken` has no resource-level permissions, so it is
 * granted on "*" (Service Authorization Reference, Amazon ECR:
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerregistry.html);
 * the token alone pulls nothing the repository policy does not also allow.
 */
export function imagePullPolicy(repositoryArn: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "GetRegistryToken", Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: ["*"] },
      { Sid: "PullAppImage", Effect: "Allow", Action: [...PULL_ACTIONS], Resource: [repositoryArn] },
    ],
  };
}
