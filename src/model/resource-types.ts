/**
 * Every resource type token the program registers or reads, written once: the program, the
 * policy rules, the reports and the diff refer to `T.<name>`, never to the string. And the one
 * list of stateful types, each with the reason a deploy must not delete or replace it.
 */

export const T = {
  certificate: "aws:acm/certificate:Certificate",
  acmCertificateValidation: "aws:acm/certificateValidation:CertificateValidation",
  appconfigApplication: "aws:appconfig/application:Application",
  appconfigConfigurationProfile: "aws:appconfig/configurationProfile:ConfigurationProfile",
  appconfigDeployment: "aws:appconfig/deployment:Deployment",
  appconfigDeploymentStrategy: "aws:appconfig/deploymentStrategy:DeploymentStrategy",
  appconfigEnvironment: "aws:appconfig/environment:Environment",
  appconfigHostedConfigurationVersion: "aws:appconfig/hostedConfigurationVersion:HostedConfigurationVersion",
  autoscalingGroup: "aws:autoscaling/group:Group",
  autoscalingSchedule: "aws:autoscaling/schedule:Schedule",
  backupPlan: "aws:backup/plan:Plan",
  backupRestoreTestingPlan: "aws:backup/restoreTestingPlan:RestoreTestingPlan",
  backupRestoreTestingSelection: "aws:backup/restoreTestingSelection:RestoreTestingSelection",
  backupSelection: "aws:backup/selection:Selection",
  backupVault: "aws:backup/vault:Vault",
  backupVaultLock: "aws:backup/vaultLockConfiguration:VaultLockConfiguration",
  scalingPolicy: "aws:autoscaling/policy:Policy",
  distribution: "aws:cloudfront/distribution:Distribution",
  cloudfrontResponseHeadersPolicy: "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy",
  trail: "aws:cloudtrail/trail:Trail",
  dashboard: "aws:cloudwatch/dashboard:Dashboard",
  eventRule: "aws:cloudwatch/eventRule:EventRule",
  eventTarget: "aws:cloudwatch/eventTarget:EventTarget",
  cloudwatchLogDelivery: "aws:cloudwatch/logDelivery:LogDelivery",
  cloudwatchLogDeliveryDestination: "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination",
  logDeliverySource: "aws:cloudwatch/logDeliverySource:LogDeliverySource",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  metricAlarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  defaultSecurityGroup: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
  eip: "aws:ec2/eip:Eip",
  flowLog: "aws:ec2/flowLog:FlowLog",
  ec2InternetGateway: "aws:ec2/internetGateway:InternetGateway",
  launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
  ec2NatGateway: "aws:ec2/natGateway:NatGateway",
  ec2NetworkInterface: "aws:ec2/networkInterface:NetworkInterface",
  ec2RouteTable: "aws:ec2/routeTable:RouteTable",
  ec2RouteTableAssociation: "aws:ec2/routeTableAssociation:RouteTableAssociation",
  securityGroup: "aws:ec2/securityGroup:SecurityGroup",
  legacyRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
  subnet: "aws:ec2/subnet:Subnet",
  vpc: "aws:ec2/vpc:Vpc",
  ecrLifecyclePolicy: "aws:ecr/lifecyclePolicy:LifecyclePolicy",
  ecrRepository: "aws:ecr/repository:Repository",
  ecrRepositoryPolicy: "aws:ecr/repositoryPolicy:RepositoryPolicy",
  replicationGroup: "aws:elasticache/replicationGroup:ReplicationGroup",
  elasticacheSubnetGroup: "aws:elasticache/subnetGroup:SubnetGroup",
  accessKey: "aws:iam/accessKey:AccessKey",
  iamGroup: "aws:iam/group:Group",
  iamGroupPolicy: "aws:iam/groupPolicy:GroupPolicy",
  iamGroupPolicyAttachment: "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
  iamInstanceProfile: "aws:iam/instanceProfile:InstanceProfile",
  policy: "aws:iam/policy:Policy",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  iamRolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  user: "aws:iam/user:User",
  userPolicy: "aws:iam/userPolicy:UserPolicy",
  userPolicyAttachment: "aws:iam/userPolicyAttachment:UserPolicyAttachment",
  kmsAlias: "aws:kms/alias:Alias",
  kmsKey: "aws:kms/key:Key",
  kmsKeyPolicy: "aws:kms/keyPolicy:KeyPolicy",
  listener: "aws:lb/listener:Listener",
  lbListenerRule: "aws:lb/listenerRule:ListenerRule",
  loadBalancer: "aws:lb/loadBalancer:LoadBalancer",
  lbTargetGroup: "aws:lb/targetGroup:TargetGroup",
  rdsInstance: "aws:rds/instance:Instance",
  rdsAutomatedBackupsReplication:
    "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication",
  rdsParameterGroup: "aws:rds/parameterGroup:ParameterGroup",
  rdsSubnetGroup: "aws:rds/subnetGroup:SubnetGroup",
  route53Record: "aws:route53/record:Record",
  bucket: "aws:s3/bucket:Bucket",
  schedulerSchedule: "aws:scheduler/schedule:Schedule",
  s3BucketLifecycleConfiguration: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  s3BucketLifecycleConfigurationV2: "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
  s3BucketOwnershipControls: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
  bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
  publicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  bucketEncryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  bucketEncryptionV2:
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
  bucketV2: "aws:s3/bucketV2:BucketV2",
  bucketVersioning: "aws:s3/bucketVersioning:BucketVersioning",
  bucketVersioningV2: "aws:s3/bucketVersioningV2:BucketVersioningV2",
  secret: "aws:secretsmanager/secret:Secret",
  secretRotation: "aws:secretsmanager/secretRotation:SecretRotation",
  secretsmanagerSecretVersion: "aws:secretsmanager/secretVersion:SecretVersion",
  serverlessrepositoryCloudFormationStack: "aws:serverlessrepository/cloudFormationStack:CloudFormationStack",
  topic: "aws:sns/topic:Topic",
  snsTopicPolicy: "aws:sns/topicPolicy:TopicPolicy",
  snsTopicSubscription: "aws:sns/topicSubscription:TopicSubscription",
  sqsQueue: "aws:sqs/queue:Queue",
  ssmParameter: "aws:ssm/parameter:Parameter",
  vpcSecurityGroupEgressRule: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  ingressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  webAcl: "aws:wafv2/webAcl:WebAcl",
  webAclAssociation: "aws:wafv2/webAclAssociation:WebAclAssociation",
  webAclLogging: "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
  awsProvider: "pulumi:providers:aws",
  stack: "pulumi:pulumi:Stack",
  randomId: "random:index/randomId:RandomId",
  randomPassword: "random:index/randomPassword:RandomPassword",
  s3BucketLogging: "aws:s3/bucketLogging:BucketLogging",
} as const;

export type ResourceType = (typeof T)[keyof typeof T];
/**
 * What a stateful resource holds: `data` is lost when it is deleted (protect it where the tier
 * says); an `address` is an identity other systems hold (endpoints, IDs, DNS names) and breaks
 * them when it is replaced.
 */
export type Holds = "data" | "address";

export interface StatefulType {
  readonly type: ResourceType;
  readonly holds: Holds;
  /** Why deleting or replacing it hurts: shown where a plan would do it. */
  readonly reason: string;
}

/** The one stateful list. The PR diff flags all of them; `protect` covers those holding data. */
export const STATEFUL: readonly StatefulType[] = [
  { type: T.rdsInstance, holds: "data", reason: "the application's PostgreSQL data" },
  { type: T.replicationGroup, holds: "data", reason: "Redis data and its snapshots" },
  { type: T.kmsKey, holds: "data", reason: "every byte encrypted under it becomes unreadable" },
  {
    type: T.secret,
    holds: "data",
    reason: "generated credentials; a new one means new passwords everywhere",
  },
  { type: T.bucket, holds: "data", reason: "audit trail and access logs: the evidence an auditor asks for" },
  {
    type: T.bucketV2,
    holds: "data",
    reason: "audit trail and access logs: the evidence an auditor asks for",
  },
  {
    type: T.backupVault,
    holds: "data",
    reason: "the database's recovery points; a locked vault cannot be deleted while it holds any",
  },
  { type: T.vpc, holds: "address", reason: "every subnet, route and peering refers to its id" },
  { type: T.subnet, holds: "address", reason: "instances, the database and the cache live in it" },
  {
    type: T.loadBalancer,
    holds: "address",
    reason: "its DNS name is what CloudFront and DNS records point at",
  },
];

/** Every stateful type (the diff's "at risk" list). */
export const STATEFUL_TYPES: readonly ResourceType[] = STATEFUL.map((s) => s.type);

/** Types whose deletion loses data: `protect` and retain-on-delete where the tier says. */
export const DATA_TYPES: readonly ResourceType[] = STATEFUL.filter((s) => s.holds === "data").map(
  (s) => s.type,
);

export const isStateful = (type: string): boolean => (STATEFUL_TYPES as readonly string[]).includes(type);
