/**
 * Where each set of valid AWS values comes from, with its date. Every check in src/config/aws/
 * names one of these in its message, and docs/validation.md lists them, so a refusal can be
 * traced to the data it was made from and the data can be refreshed from the same place.
 */

export interface DataSource {
  /** Short label printed at the end of a problem line: "source: <label>". */
  readonly label: string;
  readonly url: string;
  /** When the data was published or read. */
  readonly date: string;
}

/** The @pulumi/aws package this project pins; its enums are generated from the AWS API models. */
export const PULUMI_AWS_VERSION = "7.48.0";
const PULUMI_AWS_DATE = "2026-09-22";

export const SOURCES = {
  ec2InstanceTypes: {
    label: `aws.ec2.InstanceType, @pulumi/aws ${PULUMI_AWS_VERSION} (${PULUMI_AWS_DATE})`,
    url: "https://www.pulumi.com/registry/packages/aws/api-docs/ec2/instance/#instancetype",
    date: PULUMI_AWS_DATE,
  },
  regions: {
    label: `aws.Region, @pulumi/aws ${PULUMI_AWS_VERSION} (${PULUMI_AWS_DATE})`,
    url: "https://www.pulumi.com/registry/packages/aws/api-docs/provider/#region",
    date: PULUMI_AWS_DATE,
  },
  availabilityZones: {
    label: "AWS Regions and Availability Zones guide, AZ IDs per Region (read 2026-12-02)",
    url: "https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html",
    date: "2026-12-02",
  },
  rdsPostgresClasses: {
    label:
      "RDS User Guide, Supported DB engines for DB instance classes, RDS for PostgreSQL (read 2026-12-02)",
    url: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Support.html",
    date: "2026-12-02",
  },
  cacheNodeTypes: {
    label: "ElastiCache API Reference, CacheNode: supported node types, current generation (read 2026-12-02)",
    url: "https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CacheNode.html",
    date: "2026-12-02",
  },
  vpcCidr: {
    label: "Amazon VPC User Guide, VPC CIDR blocks; RFC 6890 special-purpose addresses",
    url: "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html",
    date: "2026-12-02",
  },
  rdsMasterUsername: {
    label: "RDS API Reference, CreateDBInstance MasterUsername/DBName (PostgreSQL: not a reserved word)",
    url: "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html",
    date: "2026-12-02",
  },
  postgresKeywords: {
    label: "PostgreSQL 17 documentation, Appendix C: SQL Key Words (reserved in PostgreSQL)",
    url: "https://www.postgresql.org/docs/17/sql-keywords-appendix.html",
    date: "2026-12-02",
  },
  postgresRoles: {
    label: "PostgreSQL 17 documentation, Database Roles (PUBLIC and pg_ names are reserved)",
    url: "https://www.postgresql.org/docs/17/database-roles.html",
    date: "2026-12-02",
  },
  rdsRoles: {
    label: "RDS User Guide, PostgreSQL roles and permissions (rdsadmin and rds_* roles belong to RDS)",
    url: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Appendix.PostgreSQL.CommonDBATasks.Roles.html",
    date: "2026-12-02",
  },
  rdsSubnetGroup: {
    label: "RDS User Guide, Working with DB subnet groups: subnets in at least two AZs",
    url: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html#USER_VPC.Subnets",
    date: "2026-12-02",
  },
  albSubnets: {
    label: "ELB User Guide, Application Load Balancers: subnets from at least two AZs",
    url: "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#availability-zones",
    date: "2026-12-02",
  },
  cacheMultiAz: {
    label: "ElastiCache User Guide, Minimizing downtime with Multi-AZ: replicas in other AZs",
    url: "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoFailover.html",
    date: "2026-12-02",
  },
  secretsNamespace: {
    label: "Secrets Manager User Guide: a secret name is unique per account and Region",
    url: "https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html",
    date: "2026-12-02",
  },
} as const satisfies Record<string, DataSource>;

export type SourceKey = keyof typeof SOURCES;

/** "source: <label> <url>": the tail every data-backed problem line ends with. */
export function cite(key: SourceKey): string {
  const s = SOURCES[key];
  return `source: ${s.label}, ${s.url}`;
}
