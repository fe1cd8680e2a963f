import { intToIp, ipToInt } from "./ipv4";

/**
 * Subnet plan for a VPC of /16 to /20 over up to three AZs:
 * three quarters of the block become the private app subnets (one quarter each:
 * EKS pods take VPC addresses through vpc-cni), the last quarter is cut in eight:
 * data subnets take pieces 0-2, public (NAT only) subnets take pieces 4-6.
 * Piece 3 and 7 stay free for growth. Each AZ has a fixed slot (see azSlots), so adding
 * or dropping an AZ id never moves another AZ's subnets.
 */
export interface SubnetPlan {
  readonly app: string[];
  readonly data: string[];
  readonly public: string[];
}

export const MAX_AZS = 3;

/**
 * The slot (0-2) of each AZ id: its number for ids ending in az1-az3 (so mec1-az2 is
 * always slot 1, whichever ids are listed), else its position in the list.
 */
export function azSlots(azIds: readonly string[]): number[] {
  const numbers = azIds.map((id) => Number(/-az(\d+)$/.exec(id)?.[1] ?? NaN));
  return numbers.every((n) => n >= 1 && n <= MAX_AZS) ? numbers.map((n) => n - 1) : azIds.map((_, i) => i);
}

/** CIDRs for the given slots, in the same order. */
export function planSubnets(vpcCidr: string, slots: readonly number[]): SubnetPlan {
  const m = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(vpcCidr);
  if (!m) throw new Error(`planSubnets: not an IPv4 CIDR: ${vpcCidr}`);
  const prefix = Number(m[2]);
  if (prefix < 16 || prefix > 20) throw new Error(`planSubnets: prefix must be /16-/20 (got ${vpcCidr})`);
  if (slots.length < 1 || slots.length > MAX_AZS || slots.some((i) => !(i >= 0 && i < MAX_AZS)) || new Set(slots).size !== slots.length) {
    throw new Error(`planSubnets: 1-${MAX_AZS} distinct slots from 0 to ${MAX_AZS - 1} (got ${JSON.stringify(slots)})`);
  }
  const base = ipToInt(m[1]);
  const quarter = 2 ** (32 - prefix - 2);
  const piece = quarter / 8;
  const lastQuarter = base + 3 * quarter;
  return {
    app: slots.map((i) => `${intToIp(base + i * quarter)}/${prefix + 2}`),
    data: slots.map((i) => `${intToIp(lastQuarter + i * piece)}/${prefix + 5}`),
    public: slots.map((i) => `${intToIp(lastQuarter + (4 + i) * piece)}/${prefix + 5}`),
  };
}
