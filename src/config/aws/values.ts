/**
 * The values AWS accepts where the mocks accept anything: instance types, RDS classes, cache node
 * types, Regions and Availability Zones. Each set is data from a dated source (src/config/aws/
 * sources.ts), never a regular expression: a pattern such as `db.<family>.<size>` accepts
 * `db.r5.medium` and `db.t9.micro`, which `pulumi up` then fails on halfway through.
 *
 * Each check returns undefined when the value exists, or the "expected …" phrase of a problem line
 * (what is allowed, and the source), so the schema can report it like any other bad value.
 */
import { InstanceType as EC2_INSTANCE_TYPE_ENUM } from "@pulumi/aws/types/enums/ec2";
import { Region as REGION_ENUM } from "@pulumi/aws/types/enums";
import { cite } from "./sources";

/** Every EC2 instance type of the pinned @pulumi/aws (generated from the EC2 API's InstanceType). */
export const EC2_INSTANCE_TYPES: ReadonlySet<string> = new Set(Object.values(EC2_INSTANCE_TYPE_ENUM));

/** Every Region the pinned @pulumi/aws knows (commercial, China, GovCloud, ISO, European Sovereign). */
export const REGIONS: ReadonlySet<string> = new Set(Object.values(REGION_ENUM));

/**
 * The AZ letters that exist in each Region, from the AZ IDs AWS lists per Region (one letter per
 * AZ ID). In the oldest Regions AWS maps letters to AZs per account, so an account sees only some
 * of these (us-west-1: two of a–c; ap-northeast-1: a, c, d for newer accounts); the ephemeral
 * sandbox workflow (docs/ephemeral.md) is what proves the letters of your own account.
 * Read 2026-12-02 from SOURCES.availabilityZones.
 */
export const AZ_LETTERS: Readonly<Record<string, string>> = {
  "us-east-1": "abcdef",
  "us-east-2": "abc",
  "us-west-1": "abc",
  "us-west-2": "abcd",
  "ca-central-1": "abd",
  "ca-west-1": "abc",
  "mx-central-1": "abc",
  "sa-east-1": "abc",
  "eu-west-1": "abc",
  "eu-west-2": "abc",
  "eu-west-3": "abc",
  "eu-central-1": "abc",
  "eu-central-2": "abc",
  "eu-north-1": "abc",
  "eu-south-1": "abc",
  "eu-south-2": "abc",
  "il-central-1": "abc",
  "me-south-1": "abc",
  "me-central-1": "abc",
  "af-south-1": "abc",
  "ap-east-1": "abc",
  "ap-east-2": "abc",
  "ap-south-1": "abc",
  "ap-south-2": "abc",
  "ap-northeast-1": "abcd",
  "ap-northeast-2": "abcd",
  "ap-northeast-3": "abc",
  "ap-southeast-1": "abc",
  "ap-southeast-2": "abc",
  "ap-southeast-3": "abc",
  "ap-southeast-4": "abc",
  "ap-southeast-5": "abc",
  "ap-southeast-6": "abc",
  "ap-southeast-7": "abc",
  "cn-north-1": "abd",
  "cn-northwest-1": "abc",
  "us-gov-west-1": "abc",
  "us-gov-east-1": "abc",
};

const T_SIZES = ["micro", "small", "medium", "large", "xlarge", "2xlarge"];
const TO_16 = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"];
const TO_24 = [...TO_16, "24xlarge"];
const TO_32 = [...TO_24, "32xlarge"];
const TO_48 = [...TO_24, "48xlarge"];

/**
 * DB instance classes RDS for PostgreSQL offers (current generation; PostgreSQL 14–17, the
 * versions infra:database.engineVersion allows), family → sizes, from SOURCES.rdsPostgresClasses.
 * Previous-generation families (db.t2, db.m4, db.r4) run only PostgreSQL versions RDS no longer
 * creates, so they are left out. Checked row by row against the guide's PostgreSQL column on
 * 2026-12-02 (docs/validation.md): a family is listed when RDS offers it for every major version
 * 14–17 (some from a minor version on, e.g. db.m8g from 14.9, db.m8gd from 14.17). db.x2idn is
 * left out: RDS offers it only for PostgreSQL 15, 14.6 and 13.9, not 16 or 17. db.c6gd is for
 * Multi-AZ DB clusters only, which this program does not create.
 */
export const RDS_POSTGRES_CLASSES: Readonly<Record<string, readonly string[]>> = {
  t3: T_SIZES,
  t4g: T_SIZES,
  m5: TO_24,
  m5d: TO_24,
  m6g: TO_16,
  m6gd: TO_16,
  m6i: TO_32,
  m6id: TO_32,
  m6idn: TO_32,
  m6in: TO_32,
  m7g: TO_16,
  m7i: TO_48,
  m8g: TO_48,
  // Optimized Reads (local NVMe), PostgreSQL 14.17, 15.10, 16.6, 17.2 and higher.
  m8gd: TO_48,
  r5: TO_24,
  r5b: TO_24,
  r5d: TO_24,
  r6g: TO_16,
  r6gd: TO_16,
  r6i: TO_32,
  r6id: TO_32,
  // The guide lists db.r6idn from xlarge: there is no db.r6idn.large (db.m6idn has one).
  r6idn: TO_32.filter((size) => size !== "large"),
  r6in: TO_32,
  r7g: TO_16,
  r7i: TO_48,
  r8g: TO_48,
  r8gd: TO_48,
  x2g: TO_16,
  x2iedn: ["xlarge", "2xlarge", "4xlarge", "8xlarge", "16xlarge", "24xlarge", "32xlarge"],
};

const CACHE_T = ["micro", "small", "medium"];
const CACHE_5 = ["large", "xlarge", "2xlarge", "4xlarge", "12xlarge", "24xlarge"];

/**
 * ElastiCache node types for Redis OSS that new clusters can use (the current generation),
 * family → sizes, from SOURCES.cacheNodeTypes. Previous-generation types (cache.t1, m1–m3, c1,
 * r3) are still listed by AWS but cannot create new clusters.
 */
export const CACHE_NODE_TYPES: Readonly<Record<string, readonly string[]>> = {
  t2: CACHE_T,
  t3: CACHE_T,
  t4g: CACHE_T,
  m4: ["large", "xlarge", "2xlarge", "4xlarge", "10xlarge"],
  m5: CACHE_5,
  m6g: TO_16,
  m7g: TO_16,
  r4: ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "16xlarge"],
  r5: CACHE_5,
  r6g: TO_16,
  r6gd: ["xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"],
  r7g: TO_16,
  c7gn: TO_16,
};

const NAMED_SIZES = ["nano", "micro", "small", "medium", "large", "xlarge"];

/** Sizes in the order AWS lists them: nano … xlarge, 2xlarge … 48xlarge, then metal variants. */
function sizeRank(size: string): number {
  const named = NAMED_SIZES.indexOf(size);
  if (named >= 0) return named;
  const multiple = /^(\d+)xlarge$/.exec(size);
  return multiple ? NAMED_SIZES.length + Number(multiple[1]) : 1000;
}

/** "family.size" → the family's sizes, or the families; the phrase after "expected". */
function familyPhrase(
  what: string,
  prefix: string,
  value: string,
  families: Readonly<Record<string, readonly string[]>>,
): string {
  const [family = "", ...rest] = value.slice(prefix.length).split(".");
  const sizes = families[family];
  if (value.startsWith(prefix) && sizes && rest.length === 1) {
    return `${what}: ${prefix}${family} comes in ${sizes.join(", ")}`;
  }
  const known = Object.keys(families)
    .map((f) => `${prefix}${f}`)
    .join(", ");
  return `${what} "${prefix}<family>.<size>" with one of the families ${known}`;
}

export function rdsPostgresClassProblem(value: string): string | undefined {
  const [prefix, family = "", size = "", ...extra] = value.split(".");
  if (prefix === "db" && extra.length === 0 && RDS_POSTGRES_CLASSES[family]?.includes(size)) return undefined;
  return `${familyPhrase("a DB instance class RDS for PostgreSQL offers", "db.", value, RDS_POSTGRES_CLASSES)}; ${cite("rdsPostgresClasses")}`;
}

export function cacheNodeTypeProblem(value: string): string | undefined {
  const [prefix, family = "", size = "", ...extra] = value.split(".");
  if (prefix === "cache" && extra.length === 0 && CACHE_NODE_TYPES[family]?.includes(size)) return undefined;
  return `${familyPhrase("an ElastiCache node type new clusters can use", "cache.", value, CACHE_NODE_TYPES)}; ${cite("cacheNodeTypes")}`;
}

export function ec2InstanceTypeProblem(value: string): string | undefined {
  if (EC2_INSTANCE_TYPES.has(value)) return undefined;
  const family = value.split(".")[0] ?? "";
  const sizes = [...EC2_INSTANCE_TYPES]
    .filter((t) => t.startsWith(`${family}.`))
    .map((t) => t.slice(family.length + 1))
    .sort((a, b) => sizeRank(a) - sizeRank(b) || a.localeCompare(b));
  const what =
    sizes.length > 0
      ? `an EC2 instance type that exists: ${family} comes in ${sizes.join(", ")}`
      : `an EC2 instance type that exists, such as t3.small or c5.xlarge (there is no family "${family}")`;
  return `${what}; ${cite("ec2InstanceTypes")}`;
}

export function regionProblem(value: string): string | undefined {
  if (REGIONS.has(value)) return undefined;
  return `an AWS Region that exists, such as us-east-1 or eu-west-1; ${cite("regions")}`;
}

/** Problems for AZ names in `region`: one per AZ that does not exist there. */
export function availabilityZoneProblems(region: string, zones: readonly string[]): string[] {
  const letters = AZ_LETTERS[region];
  if (!REGIONS.has(region)) return [];
  if (letters === undefined) {
    return [
      `got ${zones.join(", ")}; this program has no list of the AZs of ${region}, so it cannot check them: add the Region's letters to AZ_LETTERS in src/config/aws/values.ts; ${cite("availabilityZones")}`,
    ];
  }
  const allowed = [...letters].map((l) => `${region}${l}`);
  return zones
    .filter((zone) => zone.startsWith(region) && !allowed.includes(zone))
    .map(
      (zone) =>
        `got ${zone}, which does not exist; the AZs of ${region} are ${allowed.join(", ")}; ${cite("availabilityZones")}`,
    );
}
