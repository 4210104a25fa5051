/**
 * The name rules AWS enforces on every resource the program names, one row per resource type and
 * name property, each with its source. The mocks accept any name and `pulumi preview` checks few
 * of them, so a stack name that makes an ALB name start with `internal-` or a security group name
 * start with `sg-` fails only halfway through `pulumi up`. `physicalNameProblem` checks one name
 * against its row; the resource-level check (src/config/aws/plan-rules.ts) applies every row to
 * every resource the program constructs, before any is registered (src/resource-rules.ts), and
 * again to the captured plan; `checkNames` (names.ts) applies them while the stack file is
 * resolved to the names it knows from the stack name alone, with a hint about the stack name.
 *
 * Rules read 2026-12-02 from each row's source (the service's API reference, which states the
 * constraint the API enforces). Types whose resources carry no name of their own (AWS assigns an
 * id) are listed in UNNAMED_TYPES with the reason, so a new type must be put in one list or the
 * other (tests/config/aws/plan-rules.test.ts reads the committed plans).
 */
import { T } from "./resource-types";

/** The date every source below was read. */
export const NAME_RULES_READ = "2026-12-02";

/** Pulumi autonaming appends "-" and 7 random lowercase hex characters to the logical name. */
export const AUTONAME_RANDOM_LENGTH = 7;

export interface NameSource {
  readonly label: string;
  readonly url: string;
}

export interface NameRule {
  /** What the name is, for messages: "ALB name". */
  readonly what: string;
  /** The input that carries the physical name. */
  readonly property: string;
  /** When the input is absent, the provider autonames from the logical name (else: no name). */
  readonly autonamed: boolean;
  readonly min: number;
  readonly max: number;
  /** The whole name must match; `allowed` says it in words. */
  readonly pattern?: RegExp;
  readonly allowed?: string;
  readonly forbiddenPrefixes?: readonly string[];
  readonly forbiddenSuffixes?: readonly string[];
  /** No two hyphens in a row, no trailing hyphen (RDS, ElastiCache identifiers). */
  readonly noDoubleOrTrailingHyphen?: boolean;
  /** Must not be formatted as an IPv4 address (S3 buckets, CloudTrail trails). */
  readonly notIpAddress?: boolean;
  /** What AWS puts in front of the name (the serverless repository's CloudFormation stacks). */
  readonly addedPrefix?: string;
  readonly source: NameSource;
}

const api = (label: string, url: string): NameSource => ({ label, url });

const IAM_CHARS = { pattern: /^[\w+=,.@-]+$/, allowed: "letters, digits and +=,.@_-" };
const ALNUM_HYPHEN_EDGES = {
  pattern: /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/,
  allowed: "letters, digits and hyphens, not starting or ending with a hyphen",
};
const RDS_ID = {
  pattern: /^[a-z][a-z0-9-]*$/,
  allowed: "lowercase letters, digits and hyphens, starting with a letter",
  noDoubleOrTrailingHyphen: true,
};

const S3_RULES = api(
  "Amazon S3 User Guide, General purpose bucket naming rules",
  "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html",
);

/**
 * The S3 reserved prefixes and suffixes (S3_RULES): the suffixes belong to access point aliases,
 * Object Lambda access point aliases, Multi-Region Access Points, directory buckets and table
 * buckets; `sthree-configurator` is covered by `sthree-`.
 */
export const S3_RESERVED_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"] as const;
export const S3_RESERVED_SUFFIXES = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"] as const;

export const NAME_RULES: Readonly<Record<string, readonly NameRule[]>> = {
  [T.loadBalancer]: [
    {
      what: "ALB name",
      property: "name",
      autonamed: true,
      min: 1,
      max: 32,
      ...ALNUM_HYPHEN_EDGES,
      forbiddenPrefixes: ["internal-"],
      source: api(
        "ELB API Reference, CreateLoadBalancer Name",
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html",
      ),
    },
  ],
  [T.lbTargetGroup]: [
    {
      what: "target group name",
      property: "name",
      autonamed: true,
      min: 1,
      max: 32,
      ...ALNUM_HYPHEN_EDGES,
      source: api(
        "ELB API Reference, CreateTargetGroup Name",
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html",
      ),
    },
  ],
  [T.securityGroup]: [
    {
      what: "security group name",
      property: "name",
      autonamed: true,
      min: 1,
      max: 255,
      pattern: /^[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]+$/,
      allowed: "letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*",
      forbiddenPrefixes: ["sg-"],
      source: api(
        "EC2 API Reference, CreateSecurityGroup GroupName",
        "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html",
      ),
    },
  ],
  [T.bucket]: [
    {
      what: "S3 bucket name",
      property: "bucket",
      autonamed: true,
      min: 3,
      max: 63,
      pattern: /^[a-z0-9](?!.*\.\.)[a-z0-9.-]*[a-z0-9]$/,
      allowed:
        "lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit, no two dots in a row",
      forbiddenPrefixes: S3_RESERVED_PREFIXES,
      forbiddenSuffixes: S3_RESERVED_SUFFIXES,
      notIpAddress: true,
      source: S3_RULES,
    },
  ],
  [T.rdsInstance]: [
    {
      what: "RDS DB instance identifier",
      property: "identifier",
      autonamed: true,
      min: 1,
      max: 63,
      ...RDS_ID,
      source: api(
        "RDS API Reference, CreateDBInstance DBInstanceIdentifier",
        "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html",
      ),
    },
    {
      what: "RDS final snapshot identifier",
      property: "finalSnapshotIdentifier",
      autonamed: false,
      min: 1,
      max: 255,
      pattern: /^[A-Za-z][A-Za-z0-9-]*$/,
      allowed: "letters, digits and hyphens, starting with a letter",
      noDoubleOrTrailingHyphen: true,
      source: api(
        "RDS API Reference, DeleteDBInstance FinalDBSnapshotIdentifier",
        "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBInstance.html",
      ),
    },
  ],
  [T.rdsParameterGroup]: [
    {
      what: "DB parameter group name",
      property: "name",
      autonamed: true,
      min: 1,
      max: 255,
      ...RDS_ID,
      source: api(
        "RDS API Reference, CreateDBParameterGroup DBParameterGroupName",
        "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBParameterGroup.html",
      ),
    },
  ],
  [T.rdsSubnetGroup]: [
    {
      what: "DB subnet group name",
      property: "name",
      autonamed: true,
      min: 1,
      max: 255,
      pattern: /^[a-z0-9 ._-]+$/,
      allowed: "lowercase letters, digits, spaces, periods, underscores and hyphens",
      source: api(
        "RDS API Reference, CreateDBSubnetGroup DBSubnetGroupName",
        "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBSubnetGroup.html",
      ),
    },
  ],
  [T.replicationGroup]: [
    {
      what: "ElastiCache replication group id",
      property: "replicationGroupId",
      autonamed: true,
      min: 1,
      max: 40,
      ...RDS_ID,
      source: api(
        "ElastiCache API Reference, CreateReplicationGroup ReplicationGroupId",
        "https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html",
      ),
    },
  ],
  [T.elasticacheSubnetGroup]: [
    {
      what: "cache subnet group name",
      property: "name",
      autonamed: true,
      min: 1,
      max: 255,
      pattern: /^[a-z0-9-]+$/,
      allowed: "lowercase letters, digits and hyphens",
      source: api(
        "ElastiCache API Reference, CreateCacheSubnetGroup CacheSubnetGroupName",
        "https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateCacheSubnetGroup.html",
      ),
    },
  ],
  [T.role]: [
    {
      what: "IAM role name",
      property: "name",
      autonamed: true,
      min: 1,
      max: 64,
      ...IAM_CHARS,
      source: api(
        "IAM API Reference, CreateRole RoleName",
        "https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html",
      ),
    },
  ],
  [T.iamInstanceProfile]: [
    {
      what: "instance profile name",
      property: "name",
      autonamed: true,
      min: 1,
      max: 128,
      ...IAM_CHARS,
      source: api(
        "IAM API Reference, CreateInstanceProfile InstanceProfileName",
        "https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateInstanceProfile.html",
      ),
    },
  ],
  [T.rolePolicy]: [
    {
      what: "inline policy name",
      property: "name",
      autonamed: true,
      min: 1,
      max: 128,
      ...IAM_CHARS,
      source: api(
        "IAM API Reference, PutRolePolicy PolicyName",
        "https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html",
      ),
    },
  ],
  [T.kmsAlias]: [
    {
      what: "KMS alias",
      property: "name",
      autonamed: false,
      min: 1,
      max: 256,
      pattern: /^alias\/[A-Za-z0-9/_-]+$/,
      allowed: "alias/ and then letters, digits and /_-",
      forbiddenPrefixes: ["alias/aws/"],
      source: api(
        "KMS API Reference, CreateAlias AliasName",
        "https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html",
      ),
    },
  ],
  [T.secret]: [
    {
      what: "Secrets Manager secret name",
      property: "name",
      autonamed: true,
      min: 1,
      max: 512,
      pattern: /^[A-Za-z0-9/_+=.@-]+$/,
      allowed: "letters, digits and /_+=.@-",
      source: api(
        "Secrets Manager API Reference, CreateSecret Name",
        "https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html",
      ),
    },
  ],
  [T.ssmParameter]: [
    {
      what: "SSM parameter name",
      property: "name",
      autonamed: false,
      min: 1,
      max: 1011,
      pattern: /^[A-Za-z0-9_.\-/]+$/,
      allowed: "letters, digits and _.-/",
      // "aws" and "ssm" are reserved as a name's (first path segment's) prefix, in any case.
      forbiddenPrefixes: ["aws", "ssm", "/aws", "/ssm"],
      source: api(
        "Systems Manager API Reference, PutParameter Name (1011 characters for the name, including a leading /)",
        "https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html",
      ),
    },
  ],
  [T.logGroup]: [
    {
      what: "log group name",
      property: "name",
      autonamed: true,
      min: 1,
      max: 512,
      pattern: /^[.\-_/#A-Za-z0-9]+$/,
      allowed: "letters, digits and ._-/#",
      forbiddenPrefixes: ["aws/"],
      source: api(
        "CloudWatch Logs API Reference, CreateLogGroup logGroupName",
        "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html",
      ),
    },
  ],
  [T.metricAlarm]: [
    {
      what: "alarm name",
      property: "name",
      autonamed: true,
      min: 1,
      max: 255,
      pattern: /^[^\u0000-\u001f\u007f]+$/,
      allowed: "printable characters (no ASCII control characters)",
      source: api(
        "CloudWatch API Reference, PutMetricAlarm AlarmName",
        "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html",
      ),
    },
  ],
  [T.dashboard]: [
    {
      what: "dashboard name",
      property: "dashboardName",
      autonamed: false,
      min: 1,
      max: 255,
      pattern: /^[A-Za-z0-9_-]+$/,
      allowed: "letters, digits, - and _",
      source: api(
        "CloudWatch API Reference, PutDashboard DashboardName",
        "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutDashboard.html",
      ),
    },
  ],
  [T.eventRule]: [
    {
      what: "EventBridge rule name",
      property: "name",
      autonamed: true,
      min: 1,
      max: 64,
      pattern: /^[.\-_A-Za-z0-9]+$/,
      allowed: "letters, digits and .-_",
      source: api(
        "EventBridge API Reference, PutRule Name",
        "https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html",
      ),
    },
  ],
  [T.schedulerSchedule]: [
    {
      what: "EventBridge Scheduler schedule name",
      property: "name",
      autonamed: true,
      min: 1,
      max: 64,
      pattern: /^[0-9a-zA-Z\-_.]+$/,
      allowed: "letters, digits and -_.",
      source: api(
        "EventBridge Scheduler API Reference, CreateSchedule Name",
        "https://docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateSchedule.html",
      ),
    },
  ],
  [T.cloudwatchLogDeliveryDestination]: [
    {
      what: "log delivery destination name",
      property: "name",
      autonamed: false,
      min: 1,
      max: 60,
      pattern: /^[\w-]+$/,
      allowed: "letters, digits, _ and -",
      source: api(
        "CloudWatch Logs API Reference, PutDeliveryDestination name",
        "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutDeliveryDestination.html",
      ),
    },
  ],
  [T.logDeliverySource]: [
    {
      what: "log delivery source name",
      property: "name",
      autonamed: false,
      min: 1,
      max: 60,
      pattern: /^[\w-]+$/,
      allowed: "letters, digits, _ and -",
      source: api(
        "CloudWatch Logs API Reference, PutDeliverySource name",
        "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutDeliverySource.html",
      ),
    },
  ],
  [T.topic]: [
    {
      what: "SNS topic name",
      property: "name",
      autonamed: true,
      min: 1,
      max: 256,
      pattern: /^[A-Za-z0-9_-]+$/,
      allowed: "letters, digits, hyphens and underscores",
      source: api(
        "SNS API Reference, CreateTopic Name",
        "https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html",
      ),
    },
  ],
  [T.trail]: [
    {
      what: "CloudTrail trail name",
      property: "name",
      autonamed: false,
      min: 3,
      max: 128,
      pattern: /^[A-Za-z0-9](?!.*[._-]{2})[A-Za-z0-9._-]*[A-Za-z0-9]$/,
      allowed:
        "letters, digits, periods, underscores and dashes, starting and ending with a letter or digit, no two of ._- in a row",
      notIpAddress: true,
      source: api(
        "CloudTrail API Reference, CreateTrail Name",
        "https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html",
      ),
    },
  ],
  [T.launchTemplate]: [
    {
      what: "launch template name",
      property: "name",
      autonamed: true,
      min: 3,
      max: 128,
      pattern: /^[a-zA-Z0-9().\-/_]+$/,
      allowed: "letters, digits and ().-/_",
      source: api(
        "EC2 API Reference, CreateLaunchTemplate LaunchTemplateName",
        "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateLaunchTemplate.html",
      ),
    },
  ],
  [T.autoscalingGroup]: [
    {
      what: "auto-scaling group name",
      property: "name",
      autonamed: true,
      min: 1,
      max: 255,
      source: api(
        "EC2 Auto Scaling API Reference, CreateAutoScalingGroup AutoScalingGroupName",
        "https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_CreateAutoScalingGroup.html",
      ),
    },
  ],
  [T.scalingPolicy]: [
    {
      what: "scaling policy name",
      property: "name",
      autonamed: true,
      min: 1,
      max: 255,
      source: api(
        "EC2 Auto Scaling API Reference, PutScalingPolicy PolicyName",
        "https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_PutScalingPolicy.html",
      ),
    },
  ],
  [T.autoscalingSchedule]: [
    {
      what: "scheduled action name",
      property: "scheduledActionName",
      autonamed: false,
      min: 1,
      max: 255,
      source: api(
        "EC2 Auto Scaling API Reference, PutScheduledUpdateGroupAction ScheduledActionName",
        "https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_PutScheduledUpdateGroupAction.html",
      ),
    },
  ],
  [T.webAcl]: [
    {
      what: "web ACL name",
      property: "name",
      autonamed: true,
      min: 1,
      max: 128,
      pattern: /^[\w-]+$/,
      allowed: "letters, digits, _ and -",
      source: api(
        "AWS WAFV2 API Reference, CreateWebACL Name",
        "https://docs.aws.amazon.com/waf/latest/APIReference/API_CreateWebACL.html",
      ),
    },
  ],
  [T.cloudfrontResponseHeadersPolicy]: [
    {
      // The API documents no length or character limit, only uniqueness in the account.
      what: "response headers policy name",
      property: "name",
      autonamed: true,
      min: 1,
      max: Number.MAX_SAFE_INTEGER,
      source: api(
        "CloudFront API Reference, ResponseHeadersPolicyConfig Name (no documented limit; unique per account)",
        "https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_ResponseHeadersPolicyConfig.html",
      ),
    },
  ],
  [T.backupVault]: [
    {
      what: "backup vault name",
      property: "name",
      autonamed: false,
      min: 2,
      max: 50,
      pattern: /^[a-zA-Z0-9\-_]+$/,
      allowed: "letters, digits, - and _",
      source: api(
        "AWS Backup API Reference, CreateBackupVault BackupVaultName",
        "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateBackupVault.html",
      ),
    },
  ],
  [T.backupPlan]: [
    {
      // The API takes 200; the console 50. 50 keeps the plan editable in the console.
      what: "backup plan name",
      property: "name",
      autonamed: false,
      min: 1,
      max: 50,
      pattern: /^[a-zA-Z0-9\-_.]+$/,
      allowed: "letters, digits and -_.",
      source: api(
        "AWS Backup API Reference, BackupPlan BackupPlanName",
        "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupPlan.html",
      ),
    },
  ],
  [T.backupSelection]: [
    {
      what: "backup selection name",
      property: "name",
      autonamed: false,
      min: 1,
      max: 50,
      pattern: /^[a-zA-Z0-9\-_.]+$/,
      allowed: "letters, digits and -_.",
      source: api(
        "AWS Backup API Reference, BackupSelection SelectionName",
        "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupSelection.html",
      ),
    },
  ],
  [T.backupRestoreTestingPlan]: [
    {
      what: "restore testing plan name",
      property: "name",
      autonamed: false,
      min: 1,
      max: 50,
      pattern: /^[a-zA-Z][a-zA-Z0-9_]*$/,
      allowed: "letters, digits and underscores, starting with a letter",
      source: api(
        "AWS Backup API Reference, CreateRestoreTestingPlan RestoreTestingPlanName",
        "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateRestoreTestingPlan.html",
      ),
    },
  ],
  [T.backupRestoreTestingSelection]: [
    {
      what: "restore testing selection name",
      property: "name",
      autonamed: false,
      min: 1,
      max: 50,
      pattern: /^[a-zA-Z][a-zA-Z0-9_]*$/,
      allowed: "letters, digits and underscores, starting with a letter",
      source: api(
        "AWS Backup API Reference, CreateRestoreTestingSelection RestoreTestingSelectionName",
        "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateRestoreTestingSelection.html",
      ),
    },
  ],
  [T.appconfigApplication]: [
    {
      what: "AppConfig application name",
      property: "name",
      autonamed: false,
      min: 1,
      max: 64,
      source: api(
        "AppConfig API Reference, CreateApplication Name",
        "https://docs.aws.amazon.com/appconfig/2019-10-09/APIReference/API_CreateApplication.html",
      ),
    },
  ],
  [T.appconfigEnvironment]: [
    {
      what: "AppConfig environment name",
      property: "name",
      autonamed: false,
      min: 1,
      max: 64,
      source: api(
        "AppConfig API Reference, CreateEnvironment Name",
        "https://docs.aws.amazon.com/appconfig/2019-10-09/APIReference/API_CreateEnvironment.html",
      ),
    },
  ],
  [T.appconfigConfigurationProfile]: [
    {
      what: "AppConfig configuration profile name",
      property: "name",
      autonamed: false,
      min: 1,
      max: 128,
      source: api(
        "AppConfig API Reference, CreateConfigurationProfile Name",
        "https://docs.aws.amazon.com/appconfig/2019-10-09/APIReference/API_CreateConfigurationProfile.html",
      ),
    },
  ],
  [T.appconfigDeploymentStrategy]: [
    {
      what: "AppConfig deployment strategy name",
      property: "name",
      autonamed: false,
      min: 1,
      max: 64,
      source: api(
        "AppConfig API Reference, CreateDeploymentStrategy Name",
        "https://docs.aws.amazon.com/appconfig/2019-10-09/APIReference/API_CreateDeploymentStrategy.html",
      ),
    },
  ],
  [T.serverlessrepositoryCloudFormationStack]: [
    {
      what: "CloudFormation stack name",
      property: "name",
      autonamed: true,
      min: 1,
      max: 128,
      pattern: /^[a-zA-Z][-a-zA-Z0-9]*$/,
      allowed: "letters, digits and hyphens, starting with a letter",
      addedPrefix: "serverlessrepo-",
      source: api(
        "CloudFormation API Reference, CreateStack StackName (the Serverless Application Repository prefixes serverlessrepo-)",
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html",
      ),
    },
  ],
};

/**
 * Types the program creates whose resources AWS identifies by an id it assigns (or by another
 * resource's name), so there is no name of the program's making to check.
 */
export const UNNAMED_TYPES: Readonly<Record<string, string>> = {
  [T.certificate]:
    "identified by an ARN ACM assigns; its domain comes from the stack file (checked by the schema)",
  [T.acmCertificateValidation]: "a wait on the certificate, no AWS object",
  [T.appconfigDeployment]: "numbered by AppConfig",
  [T.appconfigHostedConfigurationVersion]: "numbered by AppConfig",
  [T.backupVaultLock]: "a setting of its vault",
  [T.distribution]: "identified by an id CloudFront assigns",
  [T.eventTarget]: "its target id is generated by the provider",
  [T.cloudwatchLogDelivery]: "identified by an id CloudWatch Logs assigns",
  [T.defaultSecurityGroup]: "adopts the VPC's existing default group",
  [T.eip]: "identified by an allocation id EC2 assigns",
  [T.flowLog]: "identified by an id EC2 assigns",
  [T.ec2InternetGateway]: "identified by an id EC2 assigns (Name is only a tag)",
  [T.ec2NatGateway]: "identified by an id EC2 assigns (Name is only a tag)",
  [T.ec2NetworkInterface]: "identified by an id EC2 assigns",
  [T.ec2RouteTable]: "identified by an id EC2 assigns (Name is only a tag)",
  [T.ec2RouteTableAssociation]: "identified by an id EC2 assigns",
  [T.subnet]: "identified by an id EC2 assigns (Name is only a tag)",
  [T.vpc]: "identified by an id EC2 assigns (Name is only a tag)",
  [T.iamRolePolicyAttachment]: "a link between a role and a managed policy",
  [T.kmsKey]: "identified by a key id KMS assigns (its alias is checked)",
  [T.listener]: "identified by an ARN ELB assigns",
  [T.lbListenerRule]: "identified by an ARN ELB assigns",
  [T.rdsAutomatedBackupsReplication]: "identified by the source instance's ARN",
  [T.route53Record]: "a DNS name under the stack file's domain (checked by the schema)",
  [T.s3BucketLifecycleConfiguration]: "a setting of its bucket",
  [T.s3BucketLogging]: "a setting of its bucket",
  [T.s3BucketOwnershipControls]: "a setting of its bucket",
  [T.bucketPolicy]: "a setting of its bucket",
  [T.publicAccessBlock]: "a setting of its bucket",
  [T.bucketEncryption]: "a setting of its bucket",
  [T.bucketVersioning]: "a setting of its bucket",
  [T.secretRotation]: "a setting of its secret",
  [T.secretsmanagerSecretVersion]: "identified by a version id Secrets Manager assigns",
  [T.snsTopicPolicy]: "a setting of its topic",
  [T.snsTopicSubscription]: "identified by an ARN SNS assigns",
  [T.vpcSecurityGroupEgressRule]: "identified by an id EC2 assigns",
  [T.ingressRule]: "identified by an id EC2 assigns",
  [T.webAclAssociation]: "a link between a web ACL and a load balancer",
  [T.webAclLogging]: "a setting of its web ACL",
};

/**
 * The physical name a resource gets: its name input, else (when autonamed) logical name + random.
 * Undefined when there is none, or when the input is not yet a string (an Output the program
 * passed, whose value exists only once another resource does): checked on the captured plan.
 */
export function physicalName(
  rule: NameRule,
  logicalName: string,
  inputs: { readonly [key: string]: unknown },
): { readonly name: string; readonly autonamed: boolean } | undefined {
  const given = inputs[rule.property];
  if (typeof given === "string") return { name: given, autonamed: false };
  if (given !== undefined && given !== null) return undefined;
  if (!rule.autonamed) return undefined;
  return { name: logicalName, autonamed: true };
}

/** How many characters the name has as AWS sees it: with AWS's prefix and Pulumi's suffix. */
export function physicalLength(rule: NameRule, name: string, autonamed: boolean): number {
  return (rule.addedPrefix ?? "").length + name.length + (autonamed ? AUTONAME_RANDOM_LENGTH + 1 : 0);
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * What is wrong with one name under its rule ("is 33 characters; AWS allows 32"), or undefined.
 * An autonamed name is the logical name plus "-" and 7 random hex characters: the length counts
 * them, and since hex digits pass every character rule and no reserved suffix is made of them,
 * the other checks read the logical name with a "-" and a stand-in suffix.
 */
export function physicalNameProblem(rule: NameRule, name: string, autonamed: boolean): string | undefined {
  const full = `${rule.addedPrefix ?? ""}${name}${autonamed ? `-${"0".repeat(AUTONAME_RANDOM_LENGTH)}` : ""}`;
  const shown = autonamed
    ? `"${rule.addedPrefix ?? ""}${name}" plus Pulumi's ${AUTONAME_RANDOM_LENGTH + 1}-character random suffix`
    : `"${rule.addedPrefix ?? ""}${name}"`;
  if (full.length > rule.max) return `${shown} is ${full.length} characters; AWS allows ${rule.max}`;
  if (full.length < rule.min) return `${shown} is ${full.length} characters; AWS needs at least ${rule.min}`;
  const prefix = rule.forbiddenPrefixes?.find((p) => full.toLowerCase().startsWith(p));
  if (prefix !== undefined) return `${shown} starts with "${prefix}", which AWS reserves`;
  const suffix = rule.forbiddenSuffixes?.find((s) => full.endsWith(s));
  if (suffix !== undefined) return `${shown} ends with "${suffix}", which AWS reserves`;
  if (rule.pattern && !rule.pattern.test(full)) return `${shown} may contain only ${rule.allowed}`;
  if (rule.noDoubleOrTrailingHyphen && (full.includes("--") || full.endsWith("-")))
    return `${shown} must not contain two hyphens in a row or end with a hyphen`;
  if (rule.notIpAddress && IPV4.test(full))
    return `${shown} is formatted as an IP address, which AWS refuses`;
  return undefined;
}

/** "source: <label>, <url> (read <date>)": the tail of every name problem line. */
export function nameSource(rule: NameRule): string {
  return `source: ${rule.source.label}, ${rule.source.url} (read ${NAME_RULES_READ})`;
}
