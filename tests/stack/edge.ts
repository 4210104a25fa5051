/** The edge: WAF on the ALB of staging and prod; on prod, CloudFront in front and the ALB closed to everyone else. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { TIER_DEFAULTS } from "../../src/config/tiers";
import { ORIGIN_VERIFY_HEADER } from "../../src/environment/edge/origin-verify";
import { planTier } from "../../src/policy/from-plan";
import { MANAGED_RULE_GROUPS, RATE_RULE_NAME } from "../../src/environment/edge/waf";
import { SECRET_PLACEHOLDER } from "../../src/model/plan";
import { prodInEuWest1, input, one, ofType, planOf, STACKS, tierOf, capture } from "../support/plans";
import { arnOf, arnOfOne, stateOf } from "../support/arns";

const WEB_ACL = "aws:wafv2/webAcl:WebAcl";
const DISTRIBUTION = "aws:cloudfront/distribution:Distribution";

for (const stack of STACKS) {
  describe(`${stack}: edge protection`, () => {
    test(
      tierOf(stack) === "dev"
        ? "dev has no ALB, so no WAF"
        : "a web ACL on the ALB: managed groups, a per-IP rate limit where it sees viewers, metrics, logs",
      async () => {
        const plan = await planOf(stack);
        const tier = planTier(plan);
        const edge = TIER_DEFAULTS[tier].groups.edge;
        if (!edge.waf) {
          assert.deepEqual(ofType(plan, WEB_ACL), []);
          return;
        }
        const acl = one(plan, WEB_ACL, `${stack}-waf`);
        assert.equal(input(acl, "scope"), "REGIONAL");
        const rules = input(acl, "rules") as {
          name: string;
          statement: Record<string, Record<string, unknown>>;
        }[];
        assert.deepEqual(
          rules.map((r) => r.name),
          [...MANAGED_RULE_GROUPS, RATE_RULE_NAME],
        );
        assert.equal(rules.at(-1)!.statement["rateBasedStatement"]!["limit"], edge.rateLimitPer5Min);
        // Behind CloudFront the ALB sees only CloudFront's edge addresses: keyed on the source IP,
        // one busy edge would block every viewer behind it. The ALB's limit keys on the forwarded
        // viewer address; CloudFront's own ACL keys on the viewer's real one.
        const key = (webAcl: typeof acl) =>
          (input(webAcl, "rules") as typeof rules)
            .map((r) => r.statement["rateBasedStatement"]?.["aggregateKeyType"])
            .filter(Boolean);
        assert.deepEqual(key(acl), [edge.cloudFront ? "FORWARDED_IP" : "IP"]);
        if (edge.cloudFront) assert.deepEqual(key(one(plan, WEB_ACL, `${stack}-cdn-waf`)), ["IP"]);
        const association = one(plan, "aws:wafv2/webAclAssociation:WebAclAssociation");
        assert.equal(
          input(association, "resourceArn"),
          input(one(plan, "aws:lb/listener:Listener", `${stack}-https`), "loadBalancerArn"),
        );
        const logging = one(
          plan,
          "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
          `${stack}-waf-logging`,
        );
        const group = one(plan, "aws:cloudwatch/logGroup:LogGroup", `${stack}-waf-logs`);
        assert.equal(input(group, "name"), `aws-waf-logs-${stack}`);
        assert.match(String(input(group, "kmsKeyId")), /^arn:aws:kms:/);
        assert.deepEqual(input(logging, "logDestinationConfigs"), [arnOf(plan, group)]);
        // The origin secret and credentials never reach the WAF logs.
        assert.ok(
          JSON.stringify(input(logging, "redactedFields")).includes(ORIGIN_VERIFY_HEADER.toLowerCase()),
        );
      },
    );

    test(
      tierOf(stack) === "prod"
        ? "CloudFront in front; the ALB takes web traffic only from CloudFront with the secret header"
        : "no CloudFront",
      async () => {
        const plan = await planOf(stack);
        if (tierOf(stack) !== "prod") {
          assert.deepEqual(ofType(plan, DISTRIBUTION), []);
          return;
        }
        const cdn = one(plan, DISTRIBUTION);
        assert.deepEqual(input(cdn, "aliases"), ["app.example.com"]);
        assert.equal(input(cdn, "defaultCacheBehavior.viewerProtocolPolicy"), "https-only");
        assert.equal(input(cdn, "viewerCertificate.minimumProtocolVersion"), "TLSv1.2_2021");
        assert.equal(input(one(plan, WEB_ACL, "prod-cdn-waf"), "scope"), "CLOUDFRONT");
        assert.equal(input(cdn, "webAclId"), arnOfOne(plan, WEB_ACL, "prod-cdn-waf"));
        const [origin] = input(cdn, "origins") as Record<string, Record<string, unknown>>[];
        assert.equal(origin!["domainName"], "origin.app.example.com");
        assert.equal(origin!["customOriginConfig"]!["originProtocolPolicy"], "https-only");
        assert.deepEqual(origin!["customHeaders"], [
          { name: ORIGIN_VERIFY_HEADER, value: SECRET_PLACEHOLDER },
        ]);
        assert.ok(input(cdn, "defaultCacheBehavior.responseHeadersPolicyId"));
        assert.equal(
          input(one(plan, "aws:cloudwatch/logDeliverySource:LogDeliverySource"), "resourceArn"),
          arnOf(plan, cdn),
        );

        // The ALB: its own name and certificate; requests without the header get 403.
        assert.equal(
          input(one(plan, "aws:acm/certificate:Certificate", "prod-cert"), "domainName"),
          "origin.app.example.com",
        );
        assert.equal(
          input(one(plan, "aws:acm/certificate:Certificate", "prod-cdn-cert"), "domainName"),
          "app.example.com",
        );
        const https = one(plan, "aws:lb/listener:Listener", "prod-https");
        assert.equal(input(https, "defaultActions.0.fixedResponse.statusCode"), "403");
        const rule = one(plan, "aws:lb/listenerRule:ListenerRule");
        assert.deepEqual(input(rule, "conditions"), [
          { httpHeader: { httpHeaderName: ORIGIN_VERIFY_HEADER, values: [SECRET_PLACEHOLDER] } },
        ]);
        const internet = ofType(plan, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter(
          (r) =>
            input(r, "securityGroupId") ===
            one(plan, "aws:ec2/securityGroup:SecurityGroup", "prod-alb-sg").id,
        );
        assert.deepEqual(
          internet.map((r) => [
            input(r, "fromPort"),
            input(r, "prefixListId") ?? input(r, "cidrIpv4") ?? input(r, "cidrIpv6"),
          ]),
          [[443, "pl-3b927c52"]],
        );
        // Only 443 from CloudFront reaches the ALB, so it listens on 443 only: no port-80 listener.
        assert.deepEqual(
          ofType(plan, "aws:lb/listener:Listener").map((l) => input(l, "port")),
          [443],
        );
        // The public name resolves to CloudFront, the origin name to the ALB.
        const records = ofType(plan, "aws:route53/record:Record").filter((r) => input(r, "aliases"));
        assert.deepEqual(
          records.map((r) => [input(r, "name"), input(r, "type"), input(r, "aliases.0.zoneId")]).sort(),
          [
            ["app.example.com", "A", "Z2FDTNDATAQYW2"],
            ["app.example.com", "AAAA", "Z2FDTNDATAQYW2"],
            [
              "origin.app.example.com",
              "A",
              stateOf(plan, one(plan, "aws:lb/loadBalancer:LoadBalancer"))["zoneId"],
            ],
          ],
        );
      },
    );
  });
}

describe("CloudFront's us-east-1 parts in a stack of another region", () => {
  test("the certificate, web ACL and their logs pin us-east-1; everything else stays in the stack's region", async () => {
    const plan = await capture(prodInEuWest1());
    const pinned = plan.resources
      .filter((r) => input(r, "region") === "us-east-1")
      .map((r) => r.name)
      .sort();
    assert.deepEqual(pinned, [
      "prod-cdn-access-delivery",
      "prod-cdn-access-destination",
      "prod-cdn-access-logs",
      "prod-cdn-access-source",
      "prod-cdn-cert",
      "prod-cdn-cert-validated",
      "prod-cdn-waf",
      "prod-cdn-waf-logging",
      "prod-cdn-waf-logs",
      "prod-logs-kms-us-east-1",
    ]);
    assert.equal(input(one(plan, WEB_ACL, "prod-waf"), "region"), undefined);
    assert.equal(
      ofType(plan, "pulumi:providers:aws").length,
      1,
      "one provider: default tags and the account guard everywhere",
    );
  });
});
