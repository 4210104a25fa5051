/**
 * Every ARN and ARN pattern the program writes into a policy, and the mock cloud answers with,
 * built in one place from AWS's documented formats (Service Authorization Reference, "Resource
 * types defined by …" for each service). A policy that names a resource and the resource itself
 * therefore cannot disagree on a format, a partition or a region.
 */

/** The ARN partition a region belongs to. */
export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

/** Where a regional resource lives: its region (and so its partition) and account. */
export interface ArnPlace {
  readonly region: string;
  readonly accountId: string;
}

const regional = (p: ArnPlace, service: string, resource: string) =>
  `arn:${partitionOf(p.region)}:${service}:${p.region}:${p.accountId}:${resource}`;

/** arn:…:logs:<region>:<account>:log-group:<name> (the form IAM and KMS contexts use; no ":*"). */
export const logGroupArn = (p: ArnPlace, name: string) => regional(p, "logs", `log-group:${name}`);

/** Every stream of a log group (GetLogEvents, PutLogEvents act on streams). */
export const logStreamsArn = (groupArn: string) => `${groupArn}:log-stream:*`;

/**
 * Every secret under a namespace. Secrets Manager appends "-" and six random characters to a
 * secret's ARN, so the trailing wildcard is needed even for one exact name.
 */
export const secretsUnderArn = (p: ArnPlace, namespace: string) =>
  regional(p, "secretsmanager", `secret:${namespace}*`);

/** A secret's ARN as Secrets Manager returns it: name, "-", six random characters. */
export const secretArn = (p: ArnPlace, name: string, suffix: string) =>
  regional(p, "secretsmanager", `secret:${name}-${suffix}`);

/** A Parameter Store parameter; `name` starts with "/", the ARN has exactly one. */
export const parameterArn = (p: ArnPlace, name: string) =>
  regional(p, "ssm", `parameter/${name.replace(/^\//, "")}`);

/** Every parameter under a path such as /production/. */
export const parametersUnderArn = (p: ArnPlace, path: string) =>
  regional(p, "ssm", `parameter/${path.replace(/^\//, "")}*`);

export const trailArn = (p: ArnPlace, name: string) => regional(p, "cloudtrail", `trail/${name}`);

/** Every trail of an account, in any region (KMS encryption context of CloudTrail's log files). */
export const anyTrailArn = (p: ArnPlace) =>
  `arn:${partitionOf(p.region)}:cloudtrail:*:${p.accountId}:trail/*`;

/** Dashboards are global: no region in their ARN. */
export const dashboardArn = (p: ArnPlace, name: string) =>
  `arn:${partitionOf(p.region)}:cloudwatch::${p.accountId}:dashboard/${name}`;

export const alarmArn = (p: ArnPlace, name: string) => regional(p, "cloudwatch", `alarm:${name}`);

/**
 * Every alarm of one stack. Alarm names are "<stack>-<id>" (src/environment/observability/alarms.ts,
 * alarmName); the access simulation proves every planned alarm matches. Stacks that share an
 * account must not be named so that one is another's prefix plus "-" (prod and prod-eu).
 */
export const stackAlarmsArn = (p: ArnPlace, stack: string) => alarmArn(p, `${stack}-*`);

/**
 * Every VPC flow log of an account in a region: the aws:SourceArn the flow-log service assumes
 * its role with. The flow log's own id exists only once the flow log does, which needs the role.
 */
export const flowLogsArn = (p: ArnPlace) => regional(p, "ec2", "vpc-flow-log/*");

export const kmsKeyArn = (p: ArnPlace, keyId: string) => regional(p, "kms", `key/${keyId}`);

/** An auto-scaling group: arn:…:autoScalingGroup:<uuid>:autoScalingGroupName/<name>. */
export const autoScalingGroupArn = (p: ArnPlace, uuid: string, name: string) =>
  regional(p, "autoscaling", `autoScalingGroup:${uuid}:autoScalingGroupName/${name}`);

export const launchTemplateArn = (p: ArnPlace, id: string) => regional(p, "ec2", `launch-template/${id}`);

/** IAM is global: no region in its ARNs. */
export const roleArn = (partition: string, accountId: string, name: string) =>
  `arn:${partition}:iam::${accountId}:role/${name}`;

export const accountRootArn = (partition: string, accountId: string) =>
  `arn:${partition}:iam::${accountId}:root`;

/** S3 buckets are global and accountless in their ARN. */
export const bucketArn = (partition: string, bucket: string) => `arn:${partition}:s3:::${bucket}`;
