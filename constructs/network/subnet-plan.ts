import { intToIp, ipToInt } from "./ipv4";

/**
 * Subnet plan for a VPC of /16 to /20 over up to three AZs:
 * three quarters of the block become the private app subnets (one quarter each:
 * EKS pods take VPC addresses through vpc-cni), the last quarter is cut in eight:
 * data subnets take pieces 0-2, public (NAT only) subnets take pieces 4-6.
 * Piece 3 and 7 stay free for growth. Subnet i always lives in AZ i, so dropping
 * the last AZ id keeps every other subnet's CIDR.
 */
export interface SubnetPlan {
  readonly app: string[];
  readonly data: string[];
  readonly public: string[];
}

export const MAX_AZS = 3;

export function planSubnets(vpcCidr: string, azCount: number): SubnetPlan {
  const m = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(vpcCidr);
  if (!m) throw new Error(`planSubnets: not an IPv4 CIDR: ${vpcCidr}`);
  const prefix = Number(m[2]);
  if (prefix < 16 || prefix > 20) throw new Error(`planSubnets: prefix must be /16-/20 (got ${vpcCidr})`);
  if (azCount < 1 || azCount > MAX_AZS) throw new Error(`planSubnets: 1-${MAX_AZS} AZs (got ${azCount})`);
  const base = ipToInt(m[1]);
  const quarter = 2 ** (32 - prefix - 2);
  const piece = quarter / 8;
  const lastQuarter = base + 3 * quarter;
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);
  return {
    app: range(azCount).map((i) => `${intToIp(base + i * quarter)}/${prefix + 2}`),
    data: range(azCount).map((i) => `${intToIp(lastQuarter + i * piece)}/${prefix + 5}`),
    public: range(azCount).map((i) => `${intToIp(lastQuarter + (4 + i) * piece)}/${prefix + 5}`),
  };
}
