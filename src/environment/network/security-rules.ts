/**
 * The security-group chain as data: internet → ALB (443, and 80 only to redirect) → app port →
 * database 5432 and cache 6379. Nothing else is reachable from 0.0.0.0/0 or ::/0, and there is
 * no SSH anywhere (Systems Manager replaces it).
 */

export type GroupRole = "alb" | "app" | "db" | "cache" | "rotation";

export interface RuleSpec {
  /** Stable suffix of the rule's resource name. */
  readonly id: string;
  readonly group: GroupRole;
  readonly direction: "ingress" | "egress";
  readonly port: number;
  /** Another group of the chain, or the internet (IPv4 and IPv6 as separate rules). */
  readonly peer: GroupRole | "internet-v4" | "internet-v6" | "cloudfront";
  readonly description: string;
}

export interface ChainInput {
  readonly appPort: number;
  readonly loadBalancer: boolean;
  /** An HTTPS listener exists; port 80 then only redirects. */
  readonly https: boolean;
  readonly rotation: boolean;
  /**
   * CloudFront fronts the ALB: web traffic comes only from CloudFront's origin-facing prefix list,
   * on 443 (CloudFront talks HTTPS only to the origin), never from the internet at large.
   */
  readonly cloudFrontOnly?: boolean;
}

export function securityRules(input: ChainInput): RuleSpec[] {
  const rules: RuleSpec[] = [];
  const internet = (group: GroupRole, direction: RuleSpec["direction"], port: number, what: string) => {
    for (const v of ["v4", "v6"] as const) {
      rules.push({
        id: `${direction === "ingress" ? "in" : "out"}-${port}-${v}`,
        group,
        direction,
        port,
        peer: `internet-${v}`,
        description: what,
      });
    }
  };
  const link = (from: GroupRole, to: GroupRole, port: number, what: string) => {
    rules.push({
      id: `out-${port}-${to}`,
      group: from,
      direction: "egress",
      port,
      peer: to,
      description: what,
    });
    rules.push({
      id: `in-${port}-${from}`,
      group: to,
      direction: "ingress",
      port,
      peer: from,
      description: what,
    });
  };

  if (input.loadBalancer && input.cloudFrontOnly) {
    rules.push({
      id: "in-443-cloudfront",
      group: "alb",
      direction: "ingress",
      port: 443,
      peer: "cloudfront",
      description: "HTTPS from CloudFront only (origin-facing managed prefix list)",
    });
    link("alb", "app", input.appPort, "ALB to the app");
  } else if (input.loadBalancer) {
    if (input.https) internet("alb", "ingress", 443, "HTTPS from the internet");
    internet(
      "alb",
      "ingress",
      80,
      input.https
        ? "HTTP from the internet, redirected to HTTPS"
        : "HTTP from the internet (dev tier without a domain)",
    );
    link("alb", "app", input.appPort, "ALB to the app");
  }
  // The app reaches AWS APIs (Secrets Manager, SSM) and package mirrors over HTTPS only.
  internet("app", "egress", 443, "HTTPS to AWS APIs");
  link("app", "db", 5432, "app to PostgreSQL");
  link("app", "cache", 6379, "app to Redis");
  if (input.rotation) {
    link("rotation", "db", 5432, "rotation function to PostgreSQL");
    internet("rotation", "egress", 443, "rotation function to the Secrets Manager API");
  }
  return rules;
}
