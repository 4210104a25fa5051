/**
 * Resources of the load balancer: the ALB, its HTTPS listener and target group, and the access
 * logs bucket wiring; absent where the tier has no load balancer.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { limitedNames } from "../../model/names";
import type { Network } from "../network/network";
import { ACCESS_LOG_PREFIXES, type AccessLogs } from "../observability/access-logs";
import { dnsValidatedCertificate } from "./certificate";
import type { Scope } from "../scope";
import type { SecurityGroups } from "../network/security-groups";
import { ORIGIN_VERIFY_HEADER } from "./origin-verify";

/** TLS 1.3 with 1.2 as the floor: current clients negotiate 1.3, older ones are not cut off. */
export const TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

export interface LoadBalancer {
  readonly alb: aws.lb.LoadBalancer;
  readonly targetGroup: aws.lb.TargetGroup;
  /** The listener the ASG must wait for before registering targets. */
  readonly listeners: pulumi.Resource[];
  readonly url: pulumi.Output<string>;
  /** With CloudFront in front: the ALB's own hostname (CloudFront's origin) and the header secret it demands. */
  readonly origin?: { readonly domainName: string; readonly secret: pulumi.Output<string> };
}

/** The ALB's hostname when CloudFront serves the public one: CloudFront connects to it over HTTPS. */
export const originDomainName = (domainName: string) => `origin.${domainName}`;

/** Whether the ALB serves HTTPS: a domain is set (staging and prod always; dev optionally). */
export function servesHttps(scope: Scope): boolean {
  return Boolean(scope.settings.loadBalancer.domainName);
}

/**
 * Internet-facing ALB across the public subnets. With a domain: an ACM certificate validated in
 * the hosted zone, an HTTPS listener with a TLS 1.3 policy, HTTP redirected to HTTPS, and an
 * alias record. Without one (dev only): plain HTTP.
 */
export function buildLoadBalancer(
  scope: Scope,
  network: Network,
  groups: SecurityGroups,
  accessLogs: AccessLogs,
): LoadBalancer {
  const { settings } = scope;
  const lb = settings.loadBalancer;
  const names = limitedNames(settings.stack);

  const alb = new aws.lb.LoadBalancer(
    names.loadBalancer,
    {
      loadBalancerType: "application",
      internal: false,
      securityGroups: [groups.alb!.id],
      subnets: network.subnets.public.map((s) => s.id),
      dropInvalidHeaderFields: true,
      enableDeletionProtection: lb.deletionProtection,
      idleTimeout: 60,
      // Every request, in the SSE-S3 access-log bucket (ALB cannot write to a KMS-encrypted one).
      accessLogs: {
        bucket: accessLogs.bucket.bucket,
        prefix: ACCESS_LOG_PREFIXES.loadBalancer,
        enabled: true,
      },
      tags: scope.tags("alb"),
    },
    // ELB checks that it may write to the bucket when access logging is turned on.
    scope.opts({ dependsOn: [accessLogs.policy] }),
  );
  const targetGroup = new aws.lb.TargetGroup(
    names.targetGroup,
    {
      vpcId: network.vpc.id,
      port: settings.app.port,
      protocol: "HTTP",
      targetType: "instance",
      deregistrationDelay: 30,
      healthCheck: {
        path: lb.healthCheckPath,
        port: "traffic-port",
        matcher: "200-399",
        interval: 15,
        timeout: 5,
        healthyThreshold: 2,
        unhealthyThreshold: 3,
      },
      tags: scope.tags("app-tg"),
    },
    scope.opts(),
  );

  if (!servesHttps(scope)) {
    const http = new aws.lb.Listener(
      scope.name("http"),
      {
        loadBalancerArn: alb.arn,
        port: 80,
        protocol: "HTTP",
        defaultActions: [{ type: "forward", targetGroupArn: targetGroup.arn }],
      },
      scope.opts(),
    );
    return { alb, targetGroup, listeners: [http], url: alb.dnsName.apply((d) => `http://${d}`) };
  }

  const publicDomain = lb.domainName!;
  const zoneId = lb.hostedZoneId!;
  // With CloudFront the public name points at the distribution (src/environment/edge/edge.ts); the
  // ALB gets its own name and certificate for CloudFront to connect to.
  const cloudFront = settings.edge.cloudFront;
  const domainName = cloudFront ? originDomainName(publicDomain) : publicDomain;
  const certificateArn = dnsValidatedCertificate(scope, "cert", { domainName, zoneId });
  const https = new aws.lb.Listener(
    scope.name("https"),
    {
      loadBalancerArn: alb.arn,
      port: 443,
      protocol: "HTTPS",
      sslPolicy: TLS_POLICY,
      certificateArn,
      // Behind CloudFront, a request without CloudFront's secret header (someone who found the
      // ALB's address) is refused; the rule below forwards the ones that carry it.
      defaultActions: cloudFront
        ? [
            {
              type: "fixed-response",
              fixedResponse: { contentType: "text/plain", statusCode: "403", messageBody: "Forbidden" },
            },
          ]
        : [{ type: "forward", targetGroupArn: targetGroup.arn }],
    },
    scope.opts(),
  );
  let origin: LoadBalancer["origin"];
  if (cloudFront) {
    const password = new random.RandomPassword(
      scope.name("origin-verify"),
      { length: 48, special: false },
      scope.opts(),
    );
    // The mocks do not apply the provider's additionalSecretOutputs, so mark the value secret
    // here; it is secret in every real run too.
    const secret = pulumi.secret(password.result);
    new aws.lb.ListenerRule(
      scope.name("https-from-cloudfront"),
      {
        listenerArn: https.arn,
        priority: 1,
        conditions: [{ httpHeader: { httpHeaderName: ORIGIN_VERIFY_HEADER, values: [secret] } }],
        actions: [{ type: "forward", targetGroupArn: targetGroup.arn }],
        tags: scope.tags("https-from-cloudfront"),
      },
      scope.opts(),
    );
    origin = { domainName, secret };
  }
  // Behind CloudFront the ALB admits only 443 from CloudFront (security-rules.ts) and CloudFront
  // speaks HTTPS only to it: a port-80 listener could never be reached, so there is none.
  const redirect = cloudFront
    ? undefined
    : new aws.lb.Listener(
        scope.name("http-redirect"),
        {
          loadBalancerArn: alb.arn,
          port: 80,
          protocol: "HTTP",
          defaultActions: [
            { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
          ],
        },
        scope.opts(),
      );
  new aws.route53.Record(
    scope.name("alias"),
    {
      zoneId,
      name: domainName,
      type: "A",
      aliases: [{ name: alb.dnsName, zoneId: alb.zoneId, evaluateTargetHealth: true }],
    },
    scope.opts(),
  );
  return {
    alb,
    targetGroup,
    listeners: redirect ? [https, redirect] : [https],
    url: alb.dnsName.apply(() => `https://${publicDomain}`),
    origin,
  };
}
