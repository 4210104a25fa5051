/**
 * IPv4 CIDR arithmetic and the subnet layout of an environment's VPC.
 *
 * The layout is a pure function of (VPC CIDR, subnet tier, AZ letter). A subnet's block never
 * depends on how many AZs or tiers exist or in which order they are listed, so adding an AZ or a
 * tier only adds subnets: no existing subnet is renumbered, and none is replaced. (Index-based
 * allocation is what made awsx want to replace every subnet of a production VPC.)
 */

export interface Cidr {
  /** Network address as an unsigned 32-bit integer. */
  readonly base: number;
  readonly prefix: number;
}

const IPV4_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses "a.b.c.d/n"; returns an explanation instead of a value when the text is not a network CIDR. */
export function parseCidr(text: string): Cidr | string {
  const match = IPV4_PATTERN.exec(text);
  if (!match) return `"${text}" is not an IPv4 CIDR of the form a.b.c.d/n`;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255)) return `"${text}" has an octet above 255`;
  if (prefix > 32) return `"${text}" has a prefix length above 32`;
  const base = octets.reduce((acc, o) => acc * 256 + o, 0);
  if (base % blockSize(prefix) !== 0) {
    return `"${text}" has host bits set; the network address is ${formatCidr({ base: base - (base % blockSize(prefix)), prefix })}`;
  }
  return { base, prefix };
}

export function formatCidr(cidr: Cidr): string {
  const { base, prefix } = cidr;
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(base / 2 ** shift) % 256);
  return `${octets.join(".")}/${prefix}`;
}

export function blockSize(prefix: number): number {
  return 2 ** (32 - prefix);
}

export function contains(outer: Cidr, inner: Cidr): boolean {
  return (
    inner.prefix >= outer.prefix &&
    inner.base >= outer.base &&
    inner.base + blockSize(inner.prefix) <= outer.base + blockSize(outer.prefix)
  );
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.base < b.base + blockSize(b.prefix) && b.base < a.base + blockSize(a.prefix);
}

/** The `index`-th block of length `prefix` inside `parent`. */
export function nthSubnet(parent: Cidr, prefix: number, index: number): Cidr {
  const count = blockSize(parent.prefix) / blockSize(prefix);
  if (prefix < parent.prefix || index < 0 || index >= count) {
    throw new RangeError(`no /${prefix} number ${index} inside ${formatCidr(parent)}`);
  }
  return { base: parent.base + index * blockSize(prefix), prefix };
}

// ---- The environment layout -------------------------------------------------------------------

/** Every VPC is a /16, the largest AWS allows; the layout below is sized for it. */
export const VPC_PREFIX = 16;

/** AZ letters the layout reserves a slot for. us-east-1 has a–f; eight leaves headroom. */
export const AZ_LETTERS = ["a", "b", "c", "d", "e", "f", "g", "h"] as const;
export type AzLetter = (typeof AZ_LETTERS)[number];

export type SubnetTier = "public" | "app" | "data";

/**
 * Where each tier lives inside the /16. `prefix` is the subnet size; `firstIndex` is the number
 * of the tier's first block of that size; AZ letter n takes block firstIndex + n. The ranges are
 * disjoint by construction (a test proves it), and 10.x.16.0–10.x.127.255 is left free for a
 * future tier, which gets a new row here and moves nothing.
 *
 * - public /24 ×8 = 10.x.0.0–10.x.7.255:   only the ALB and NAT gateways live here.
 * - data   /24 ×8 = 10.x.8.0–10.x.15.255:  RDS and ElastiCache nodes, a few addresses each.
 * - app    /20 ×8 = 10.x.128.0–10.x.255.255: 4,091 usable addresses per AZ for the ASG at 50.
 */
export const SUBNET_LAYOUT: Readonly<Record<SubnetTier, { prefix: number; firstIndex: number }>> = {
  public: { prefix: 24, firstIndex: 0 },
  data: { prefix: 24, firstIndex: 8 },
  app: { prefix: 20, firstIndex: 8 },
};

export const SUBNET_TIERS: readonly SubnetTier[] = ["public", "app", "data"];

/** The letter an AZ name ends with: "us-east-1c" → "c". */
export function azLetter(azName: string): AzLetter | undefined {
  const letter = azName.slice(-1);
  return (AZ_LETTERS as readonly string[]).includes(letter) ? (letter as AzLetter) : undefined;
}

/** The CIDR of the subnet for (tier, AZ letter) inside a /16 VPC. */
export function subnetCidr(vpc: Cidr, tier: SubnetTier, letter: AzLetter): Cidr {
  if (vpc.prefix !== VPC_PREFIX) {
    throw new RangeError(`the subnet layout needs a /${VPC_PREFIX} VPC, got ${formatCidr(vpc)}`);
  }
  const { prefix, firstIndex } = SUBNET_LAYOUT[tier];
  return nthSubnet(vpc, prefix, firstIndex + AZ_LETTERS.indexOf(letter));
}

export interface SubnetPlan {
  readonly tier: SubnetTier;
  readonly az: string;
  readonly letter: AzLetter;
  readonly cidr: string;
}

/** Every subnet of the VPC: each tier in each AZ, ordered by tier then AZ letter. */
export function planSubnets(
  vpcCidr: string,
  azs: readonly string[],
  tiers: readonly SubnetTier[] = SUBNET_TIERS,
): SubnetPlan[] {
  const vpc = parseCidr(vpcCidr);
  if (typeof vpc === "string") throw new RangeError(vpc);
  const zones = azs
    .map((az) => ({ az, letter: azLetter(az) }))
    .sort((x, y) => String(x.letter).localeCompare(String(y.letter)));
  return tiers.flatMap((tier) =>
    zones.map(({ az, letter }) => {
      if (!letter) throw new RangeError(`availability zone "${az}" does not end in a letter a–h`);
      return { tier, az, letter, cidr: formatCidr(subnetCidr(vpc, tier, letter)) };
    }),
  );
}

/** Pairs of stacks whose VPC CIDRs overlap; the environments must never share address space. */
export function findOverlaps(cidrs: Readonly<Record<string, string>>): [string, string][] {
  const parsed = Object.entries(cidrs)
    .map(([stack, text]) => [stack, parseCidr(text)] as const)
    .filter((entry): entry is readonly [string, Cidr] => typeof entry[1] !== "string")
    .sort(([a], [b]) => a.localeCompare(b));
  const pairs: [string, string][] = [];
  parsed.forEach(([a, ca], i) => {
    for (const [b, cb] of parsed.slice(i + 1)) if (overlaps(ca, cb)) pairs.push([a, b]);
  });
  return pairs;
}
