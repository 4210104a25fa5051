/**
 * Values that are well-formed but reserved, so AWS or PostgreSQL refuses them only when the
 * resource is created: address ranges a VPC cannot use, and database and master user names
 * RDS for PostgreSQL rejects. Each list names its source (src/config/aws/sources.ts).
 */
import { type Cidr, formatCidr, overlaps, parseCidr } from "../../model/cidr";
import { cite } from "./sources";

interface ReservedRange {
  readonly cidr: string;
  readonly why: string;
}

/**
 * Ranges a VPC must not overlap. The first five are RFC 6890 special-purpose blocks that are not
 * unicast host addresses, which CreateVpc refuses; 172.17.0.0/16 is the one the VPC guide tells
 * you to avoid, because AWS services and Docker on the instances use it and traffic to it from
 * inside such a VPC goes astray.
 */
export const RESERVED_VPC_RANGES: readonly ReservedRange[] = [
  { cidr: "0.0.0.0/8", why: '"this network" (RFC 6890)' },
  { cidr: "127.0.0.0/8", why: "loopback" },
  { cidr: "169.254.0.0/16", why: "link-local (the instance metadata service and Amazon DNS live here)" },
  { cidr: "224.0.0.0/4", why: "multicast" },
  { cidr: "240.0.0.0/4", why: "reserved for future use (RFC 1112)" },
  {
    cidr: "172.17.0.0/16",
    why: "used by AWS services and Docker's default bridge; the VPC guide says to avoid it",
  },
];

export function vpcCidrProblem(cidr: string): string | undefined {
  const parsed = parseCidr(cidr);
  if (typeof parsed === "string") return undefined; // reported by the CIDR shape check
  const hit = RESERVED_VPC_RANGES.find((r) => overlaps(parsed, parseCidr(r.cidr) as Cidr));
  if (!hit) return undefined;
  return `got "${formatCidr(parsed)}", which overlaps ${hit.cidr} (${hit.why}); use a private range such as 10.0.0.0/8 or 192.168.0.0/16; ${cite("vpcCidr")}`;
}

/**
 * PostgreSQL's reserved key words (both "reserved" and "reserved (can be function or type)"):
 * RDS refuses them as MasterUsername and DBName for PostgreSQL.
 */
export const POSTGRES_RESERVED_WORDS: ReadonlySet<string> = new Set([
  "all",
  "analyse",
  "analyze",
  "and",
  "any",
  "array",
  "as",
  "asc",
  "asymmetric",
  "authorization",
  "binary",
  "both",
  "case",
  "cast",
  "check",
  "collate",
  "collation",
  "column",
  "concurrently",
  "constraint",
  "create",
  "cross",
  "current_catalog",
  "current_date",
  "current_role",
  "current_schema",
  "current_time",
  "current_timestamp",
  "current_user",
  "default",
  "deferrable",
  "desc",
  "distinct",
  "do",
  "else",
  "end",
  "except",
  "false",
  "fetch",
  "for",
  "foreign",
  "freeze",
  "from",
  "full",
  "grant",
  "group",
  "having",
  "ilike",
  "in",
  "initially",
  "inner",
  "intersect",
  "into",
  "is",
  "isnull",
  "join",
  "lateral",
  "leading",
  "left",
  "like",
  "limit",
  "localtime",
  "localtimestamp",
  "natural",
  "not",
  "notnull",
  "null",
  "offset",
  "on",
  "only",
  "or",
  "order",
  "outer",
  "overlaps",
  "placing",
  "primary",
  "references",
  "returning",
  "right",
  "select",
  "session_user",
  "similar",
  "some",
  "symmetric",
  "system_user",
  "table",
  "tablesample",
  "then",
  "to",
  "trailing",
  "true",
  "union",
  "unique",
  "user",
  "using",
  "variadic",
  "verbose",
  "when",
  "where",
  "window",
  "with",
]);

/** Role names PostgreSQL reserves for itself, and the roles RDS creates on every instance. */
const RESERVED_ROLES = new Set(["public", "none", "rdsadmin", "rdsrepladmin"]);
const RESERVED_ROLE_PREFIXES = [
  { prefix: "pg_", source: cite("postgresRoles") },
  { prefix: "rds_", source: cite("rdsRoles") },
];
/** Databases every RDS for PostgreSQL instance already has. */
const RESERVED_DATABASES = new Set(["template0", "template1", "rdsadmin"]);

export function masterUsernameProblem(name: string): string | undefined {
  if (POSTGRES_RESERVED_WORDS.has(name))
    return `got "${name}", a PostgreSQL reserved word, which RDS refuses as a master user name; ${cite("postgresKeywords")}`;
  if (RESERVED_ROLES.has(name))
    return `got "${name}", a role name PostgreSQL or RDS reserves; ${cite(name.startsWith("rds") ? "rdsRoles" : "postgresRoles")}`;
  const prefix = RESERVED_ROLE_PREFIXES.find((p) => name.startsWith(p.prefix));
  if (prefix)
    return `got "${name}"; role names starting with ${prefix.prefix} are reserved; ${prefix.source}`;
  return undefined;
}

export function databaseNameProblem(name: string): string | undefined {
  if (POSTGRES_RESERVED_WORDS.has(name))
    return `got "${name}", a PostgreSQL reserved word, which RDS refuses as a database name; ${cite("rdsMasterUsername")}`;
  if (RESERVED_DATABASES.has(name))
    return `got "${name}", a database every RDS for PostgreSQL instance already has; ${cite("rdsRoles")}`;
  return undefined;
}
