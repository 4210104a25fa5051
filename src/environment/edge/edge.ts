/**
 * Resources of edge protection: the regional WAF on the load balancer, and CloudFront with its
 * own web ACL, logs and security headers where the tier enables them.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { partitionOf } from "../../model/iam";
import { logsKeyPolicy, webAclRules } from "./waf";
import { edgeLogGroupNames } from "../../model/names";
import type { LoadBalancer } from "./load-balancer";
import { ORIGIN_VERIFY_HEADER } from "./origin-verify";
import { dnsValidatedCertificate } from "./certificate";
import type { Scope } from "../scope";
import { mapInput } from "../inputs";

/** CloudFront's certificates and CLOUDFRONT-scope web ACLs live in us-east-1, whatever the stack's region. */
export const CLOUDFRONT_REGION = "us-east-1";

/** AWS managed CloudFront policies: no caching (a dynamic app), every viewer header except Host. */
const CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
// The origin certificate is issued for origin.<domain>; forwarding Host would make CloudFront
// check it against the public name.
const ALL_VIEWER_EXCEPT_HOST = "b689b0a8-53d0-40ab-baf2-68738e2966ac";

export interface Edge {
  readonly webAcl: aws.wafv2.WebAcl;
  /** The edge's log groups (WAF, CloudFront access), in whichever region each lives. */
  readonly logGroups: readonly aws.cloudwatch.LogGroup[];
  readonly distribution?: aws.cloudfront.Distribution;
}

/**
 * The edge: a WAFv2 web ACL on the ALB (managed rule groups + a per-IP rate limit, metrics on,
 * logs to a KMS-encrypted `aws-waf-logs-<stack>` group), and where the tier says, CloudFront in
 * front of it with its own web ACL, HTTPS only on both sides, security headers and access logs.
 * Resources CloudFront needs in us-east-1 set `region` (AWS provider v7's per-resource region),
 * so they keep the stack's provider: its default tags and its account guard.
 */
export function buildEdge(
  scope: Scope,
  args: { loadBalancer: LoadBalancer; accountId: pulumi.Input<string> },
): Edge | undefined {
  const { settings } = scope;
  if (!settings.edge.waf) return undefined;
  const cloudFront = settings.edge.cloudFront && args.loadBalancer.origin;
  const names = edgeLogGroupNames(settings.stack);
  const regional = settings.region;
  const groupsByRegion = new Map<string, string[]>([[regional, [names.waf]]]);
  if (cloudFront) {
    const us = groupsByRegion.get(CLOUDFRONT_REGION) ?? [];
    groupsByRegion.set(CLOUDFRONT_REGION, [...us, names.cdnWaf, names.cdnAccess]);
  }
  const logs = new LogGroups(scope, args.accountId, groupsByRegion);

  const webAcl = new aws.wafv2.WebAcl(
    scope.name("waf"),
    {
      scope: "REGIONAL",
      description: `${settings.stack}: managed rules and a per-IP rate limit`,
      defaultAction: { allow: {} },
      // Behind CloudFront this ACL sees only CloudFront's addresses (waf.ts, seesViewerAddresses).
      ...webAclRules({
        rateLimitPer5Min: settings.edge.rateLimitPer5Min,
        metricPrefix: `${settings.stack}-waf`,
        seesViewerAddresses: !cloudFront,
      }),
      tags: scope.tags("waf"),
    },
    scope.opts(),
  );
  new aws.wafv2.WebAclAssociation(
    scope.name("waf-alb"),
    { resourceArn: args.loadBalancer.alb.arn, webAclArn: webAcl.arn },
    scope.opts(),
  );
  logging(scope, "waf-logging", webAcl, logs.group(names.waf, regional, "waf-logs"));

  if (!cloudFront) return { webAcl, logGroups: logs.all() };
  const origin = args.loadBalancer.origin!;
  const publicDomain = settings.loadBalancer.domainName!;
  const zoneId = settings.loadBalancer.hostedZoneId!;
  const usEast1 = regionArg(scope, CLOUDFRONT_REGION);

  const cdnAcl = new aws.wafv2.WebAcl(
    scope.name("cdn-waf"),
    {
      ...usEast1,
      scope: "CLOUDFRONT",
      description: `${settings.stack} CloudFront: managed rules and a per-IP rate limit`,
      defaultAction: { allow: {} },
      ...webAclRules({
        rateLimitPer5Min: settings.edge.rateLimitPer5Min,
        metricPrefix: `${settings.stack}-cdn-waf`,
        seesViewerAddresses: true,
      }),
      tags: scope.tags("cdn-waf"),
    },
    scope.opts(),
  );
  logging(
    scope,
    "cdn-waf-logging",
    cdnAcl,
    logs.group(names.cdnWaf, CLOUDFRONT_REGION, "cdn-waf-logs"),
    usEast1,
  );

  const certificateArn = dnsValidatedCertificate(scope, "cdn-cert", {
    domainName: publicDomain,
    zoneId,
    ...usEast1,
  });

  const headers = new aws.cloudfront.ResponseHeadersPolicy(
    scope.name("security-headers"),
    {
      name: scope.name("security-headers"),
      comment: "HSTS, nosniff, no framing, strict referrer",
      securityHeadersConfig: {
        strictTransportSecurity: {
          accessControlMaxAgeSec: 63072000,
          includeSubdomains: true,
          preload: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: "DENY", override: true },
        referrerPolicy: { referrerPolicy: "strict-origin-when-cross-origin", override: true },
        xssProtection: { protection: true, modeBlock: true, override: true },
      },
    },
    scope.opts(),
  );

  const distribution = new aws.cloudfront.Distribution(
    scope.name("cdn"),
    {
      enabled: true,
      comment: `${settings.stack}: ${publicDomain} in front of the ALB`,
      aliases: [publicDomain],
      isIpv6Enabled: true,
      httpVersion: "http2and3",
      priceClass: "PriceClass_100",
      webAclId: cdnAcl.arn,
      origins: [
        {
          originId: "alb",
          domainName: origin.domainName,
          customOriginConfig: {
            httpPort: 80,
            httpsPort: 443,
            originProtocolPolicy: "https-only",
            originSslProtocols: ["TLSv1.2"],
          },
          // The ALB forwards only requests that carry this header (load-balancer.ts).
          customHeaders: [{ name: ORIGIN_VERIFY_HEADER, value: origin.secret }],
        },
      ],
      defaultCacheBehavior: {
        targetOriginId: "alb",
        viewerProtocolPolicy: "https-only",
        allowedMethods: ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"],
        cachedMethods: ["GET", "HEAD"],
        compress: true,
        cachePolicyId: CACHING_DISABLED,
        originRequestPolicyId: ALL_VIEWER_EXCEPT_HOST,
        responseHeadersPolicyId: headers.id,
      },
      viewerCertificate: {
        acmCertificateArn: certificateArn,
        sslSupportMethod: "sni-only",
        minimumProtocolVersion: "TLSv1.2_2021",
      },
      restrictions: { geoRestriction: { restrictionType: "none" } },
      tags: scope.tags("cdn"),
    },
    scope.opts(),
  );

  // Access logs (CloudFront standard logging v2) into a KMS-encrypted log group.
  const source = new aws.cloudwatch.LogDeliverySource(
    scope.name("cdn-access-source"),
    {
      ...usEast1,
      name: scope.name("cdn-access"),
      logType: "ACCESS_LOGS",
      resourceArn: distribution.arn,
      tags: scope.tags("cdn-access-source"),
    },
    scope.opts(),
  );
  const destination = new aws.cloudwatch.LogDeliveryDestination(
    scope.name("cdn-access-destination"),
    {
      ...usEast1,
      name: scope.name("cdn-access"),
      outputFormat: "json",
      deliveryDestinationConfiguration: {
        destinationResourceArn: logs.group(names.cdnAccess, CLOUDFRONT_REGION, "cdn-access-logs").arn,
      },
      tags: scope.tags("cdn-access-destination"),
    },
    scope.opts(),
  );
  new aws.cloudwatch.LogDelivery(
    scope.name("cdn-access-delivery"),
    {
      ...usEast1,
      deliverySourceName: source.name,
      deliveryDestinationArn: destination.arn,
      tags: scope.tags("cdn-access-delivery"),
    },
    scope.opts(),
  );

  // The public name now points at CloudFront; the ALB keeps origin.<domain> (load-balancer.ts).
  for (const type of ["A", "AAAA"]) {
    new aws.route53.Record(
      scope.name(`cdn-alias-${type.toLowerCase()}`),
      {
        zoneId,
        name: publicDomain,
        type,
        aliases: [
          { name: distribution.domainName, zoneId: distribution.hostedZoneId, evaluateTargetHealth: false },
        ],
      },
      scope.opts(),
    );
  }
  return { webAcl, distribution, logGroups: logs.all() };
}

/** `region` for resources that must live in a region other than the stack's; nothing when they coincide. */
function regionArg(scope: Scope, region: string): { region?: string } {
  return region === scope.settings.region ? {} : { region };
}

/** WAF logging with the headers that carry credentials or the origin secret redacted. */
function logging(
  scope: Scope,
  suffix: string,
  acl: aws.wafv2.WebAcl,
  group: aws.cloudwatch.LogGroup,
  region: { region?: string } = {},
): void {
  new aws.wafv2.WebAclLoggingConfiguration(
    scope.name(suffix),
    {
      ...region,
      resourceArn: acl.arn,
      logDestinationConfigs: [group.arn],
      redactedFields: ["authorization", "cookie", ORIGIN_VERIFY_HEADER.toLowerCase()].map((name) => ({
        singleHeader: { name },
      })),
    },
    scope.opts(),
  );
}

/**
 * The edge's log groups, KMS-encrypted with one key per region whose policy lets CloudWatch Logs
 * use it for exactly these groups. Retention follows the tier's traffic-log retention (the VPC
 * flow logs'): WAF and access logs are the same kind of evidence.
 */
class LogGroups {
  private readonly keys = new Map<string, aws.kms.Key>();
  private readonly groups = new Map<string, aws.cloudwatch.LogGroup>();

  constructor(
    private readonly scope: Scope,
    private readonly accountId: pulumi.Input<string>,
    private readonly namesByRegion: ReadonlyMap<string, readonly string[]>,
  ) {}

  all(): aws.cloudwatch.LogGroup[] {
    return [...this.groups.values()];
  }

  group(name: string, region: string, suffix: string): aws.cloudwatch.LogGroup {
    const existing = this.groups.get(name);
    if (existing) return existing;
    const { settings } = this.scope;
    const group = new aws.cloudwatch.LogGroup(
      this.scope.name(suffix),
      {
        ...regionArg(this.scope, region),
        name,
        retentionInDays: settings.network.flowLogRetentionDays,
        kmsKeyId: this.key(region).arn,
        tags: this.scope.tags(suffix),
      },
      this.scope.opts(),
    );
    this.groups.set(name, group);
    return group;
  }

  private key(region: string): aws.kms.Key {
    const existing = this.keys.get(region);
    if (existing) return existing;
    const { settings } = this.scope;
    const suffix = region === settings.region ? "logs-kms" : `logs-kms-${region}`;
    const key = new aws.kms.Key(
      this.scope.name(suffix),
      {
        ...regionArg(this.scope, region),
        description: `${settings.stack} edge logs (WAF, CloudFront) in ${region}`,
        enableKeyRotation: true,
        deletionWindowInDays: settings.secrets.kmsDeletionWindowDays,
        policy: mapInput(this.accountId, (accountId) =>
          JSON.stringify(
            logsKeyPolicy({
              partition: partitionOf(region),
              region,
              accountId,
              logGroupNames: this.namesByRegion.get(region) ?? [],
            }),
          ),
        ),
        tags: this.scope.tags(suffix),
      },
      this.scope.statefulOpts(),
    );
    this.keys.set(region, key);
    return key;
  }
}
