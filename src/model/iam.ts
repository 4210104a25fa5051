/**
 * IAM policy documents as plain data. The app's role may read only its own environment's
 * secrets and decrypt only with its own environment's key: every ARN is scoped, none is "*".
 */

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  readonly Action: readonly string[];
  readonly Resource: readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export interface TrustPolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly {
    readonly Effect: "Allow";
    readonly Principal: { readonly Service: string };
    readonly Action: "sts:AssumeRole";
  }[];
}

export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly PolicyStatement[];
}

/** The ARN partition a region belongs to. */
export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

/**
 * ARN pattern of every secret under a namespace. Secrets Manager appends "-" and six random
 * characters to a secret's ARN, so the trailing wildcard is needed even for one exact name.
 */
export function namespaceSecretsArn(region: string, accountId: string, namespace: string): string {
  return `arn:${partitionOf(region)}:secretsmanager:${region}:${accountId}:secret:${namespace}*`;
}

/** Trust policy letting one AWS service assume a role. */
export function assumeRolePolicy(service: string): TrustPolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
  };
}

export interface AppAccessInput {
  readonly region: string;
  /**
   * ARNs of exactly the secrets the app reads (its database and cache credentials and its
   * third-party keys), all under its own namespace. Not the namespace wildcard: other secrets
   * of the environment (rotation, delivery, edge) are none of the app's business.
   */
  readonly secretArns: readonly string[];
  readonly kmsKeyArn: string;
}

/** What the app's instance role may do with secrets: read exactly its own, decrypt via Secrets Manager. */
export function appSecretsPolicy(input: AppAccessInput): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "ReadOwnSecrets",
        Effect: "Allow",
        Action: ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"],
        Resource: [...input.secretArns].sort(),
      },
      {
        Sid: "DecryptWithOwnKeyViaSecretsManager",
        Effect: "Allow",
        Action: ["kms:Decrypt"],
        Resource: [input.kmsKeyArn],
        Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${input.region}.amazonaws.com` } },
      },
    ],
  };
}

/** Flow logs may write only to their own log group. */
export function flowLogsPolicy(logGroupArn: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "WriteOwnLogGroup",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
        Resource: [logGroupArn, `${logGroupArn}:*`],
      },
    ],
  };
}
