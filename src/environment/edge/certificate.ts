/**
 * A DNS-validated ACM certificate, shared by the load balancer and CloudFront (which needs
 * its certificate in us-east-1).
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { Scope } from "../scope";

/**
 * An ACM certificate validated by DNS in the stack's Route 53 zone: the certificate, its
 * validation record and the validation that waits for ACM to issue it. Consumers use the
 * validation's `certificateArn` so a listener or distribution never gets an unissued one.
 * `region` is set only where the certificate must live elsewhere (CloudFront: us-east-1).
 */
export function dnsValidatedCertificate(
  scope: Scope,
  suffix: string,
  args: { domainName: string; zoneId: string; region?: string },
): pulumi.Output<string> {
  const regionArg = args.region ? { region: args.region } : {};
  const certificate = new aws.acm.Certificate(
    scope.name(suffix),
    { ...regionArg, domainName: args.domainName, validationMethod: "DNS", tags: scope.tags(suffix) },
    scope.opts(),
  );
  const option = certificate.domainValidationOptions.apply((o) => o[0]!);
  const record = new aws.route53.Record(
    scope.name(`${suffix}-validation`),
    {
      zoneId: args.zoneId,
      name: option.apply((o) => o.resourceRecordName!),
      type: option.apply((o) => o.resourceRecordType!),
      records: [option.apply((o) => o.resourceRecordValue!)],
      ttl: 300,
      allowOverwrite: true,
    },
    scope.opts(),
  );
  const validation = new aws.acm.CertificateValidation(
    scope.name(`${suffix}-validated`),
    { ...regionArg, certificateArn: certificate.arn, validationRecordFqdns: [record.fqdn] },
    scope.opts(),
  );
  return validation.certificateArn;
}
