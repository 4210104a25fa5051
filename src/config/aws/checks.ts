/**
 * The settings-level rules AWS applies when a resource is created, checked before anything is
 * registered: values that exist but are reserved, AZs that do not exist in the stack's Region,
 * and the cross-field rules of the services this program creates (how many AZs a DB subnet
 * group, a load balancer and a Multi-AZ cache need). Pure: settings in, problem lines out, each
 * `<key>: got …; … ; source: …`. The table in docs/validation.md lists every rule and its source.
 */
import type { EnvironmentSettings } from "../../model/settings";
import { databaseNameProblem, masterUsernameProblem, vpcCidrProblem } from "./reserved";
import { cite } from "./sources";
import { availabilityZoneProblems } from "./values";

export function awsSettingsProblems(s: EnvironmentSettings): string[] {
  const problems: string[] = [];
  const add = (key: string, problem: string | undefined) => {
    if (problem !== undefined) problems.push(`${key}: ${problem}`);
  };

  for (const p of availabilityZoneProblems(s.region, s.network.availabilityZones))
    add("infra:network.availabilityZones", p);
  add("infra:network.cidr", vpcCidrProblem(s.network.cidr));
  add("infra:database.username", masterUsernameProblem(s.database.username));
  add("infra:database.name", databaseNameProblem(s.database.name));

  // The data subnets (and so the DB and cache subnet groups) and the ALB's public subnets are
  // one per AZ listed: the AZ count is what these services see. The tiers' own minimum is a
  // separate, stricter rule of the specification; this one is AWS's and holds whatever the tier.
  const azs = new Set(s.network.availabilityZones).size;
  if (azs < 2) {
    const needs = [
      "an RDS DB subnet group (even for a Single-AZ database)",
      ...(s.loadBalancer.enabled ? ["an Application Load Balancer"] : []),
      ...(s.cache.multiAz ? ["a Multi-AZ cache (replicas in other AZs than the primary)"] : []),
    ];
    add(
      "infra:network.availabilityZones",
      `got ${azs} AZ; ${needs.join(" and ")} need${needs.length === 1 ? "s" : ""} subnets in at least 2 AZs; ${[
        cite("rdsSubnetGroup"),
        ...(s.loadBalancer.enabled ? [cite("albSubnets")] : []),
        ...(s.cache.multiAz ? [cite("cacheMultiAz")] : []),
      ].join("; ")}`,
    );
  }
  return problems;
}
