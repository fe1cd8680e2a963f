/**
 * Instance families we know to be offered in me-central-1, in one table.
 *
 * Source: public EC2 spot-price and instance-offering data for me-central-1, as
 * reported publicly in 2026: g5 is the only GPU family listed; Graviton m7g, r7g, m6g,
 * c6g, t4g (no c7g, no 8th generation); x86 m6i, c6i, r6i, m5, c5.
 * Offerings change: verify before a real deploy with
 *   aws ec2 describe-instance-type-offerings --region me-central-1 \
 *     --location-type availability-zone-id --filters Name=instance-type,Values=<type>
 * An environment may use a family outside this table only with
 * `allowUnlistedInstanceTypes: true`.
 */
export const Architecture = {
  X86_64: "x86_64",
  ARM64: "arm64",
} as const;
export type Architecture = (typeof Architecture)[keyof typeof Architecture];

export interface InstanceFamily {
  readonly architecture: Architecture;
  readonly gpu: boolean;
}

export const ME_CENTRAL_1_FAMILIES: Readonly<Record<string, InstanceFamily>> = {
  g5: { architecture: Architecture.X86_64, gpu: true },
  m7g: { architecture: Architecture.ARM64, gpu: false },
  r7g: { architecture: Architecture.ARM64, gpu: false },
  m6g: { architecture: Architecture.ARM64, gpu: false },
  c6g: { architecture: Architecture.ARM64, gpu: false },
  t4g: { architecture: Architecture.ARM64, gpu: false },
  m6i: { architecture: Architecture.X86_64, gpu: false },
  c6i: { architecture: Architecture.X86_64, gpu: false },
  r6i: { architecture: Architecture.X86_64, gpu: false },
  m5: { architecture: Architecture.X86_64, gpu: false },
  c5: { architecture: Architecture.X86_64, gpu: false },
};

/** NVIDIA GPU families anywhere in EC2, so an unlisted type is still classified. */
const NVIDIA_GPU_FAMILY = /^(g4dn|g5|g6|g6e|g6f|gr6|gr6f|p3|p3dn|p4d|p4de|p5|p5e|p5en|p6-b200)$/;
/** Graviton families carry a `g` after the generation digit (m7g, c7gn, r8gd, g5g). */
const GRAVITON_FAMILY = /^[a-z]+\d+g[a-z]*$/;

/** NVIDIA GPUs per g5 size (public EC2 specifications); other GPU types count as one. */
const G5_GPUS: Readonly<Record<string, number>> = { "12xlarge": 4, "24xlarge": 4, "48xlarge": 8 };

export function gpusPerInstance(instanceType: string): number {
  const [family, size] = instanceType.split(".");
  return family === "g5" ? (G5_GPUS[size] ?? 1) : 1;
}

export const INSTANCE_TYPE_PATTERN = /^([a-z][a-z0-9-]*\d[a-z0-9-]*)\.([a-z0-9]+)$/;

export function familyOf(instanceType: string): string | undefined {
  return INSTANCE_TYPE_PATTERN.exec(instanceType)?.[1];
}

/**
 * Classify an instance type: from the table when listed, otherwise by family name
 * (only used when the environment allows unlisted types).
 */
export function describeInstanceType(
  instanceType: string,
): (InstanceFamily & { listed: boolean }) | undefined {
  const family = familyOf(instanceType);
  if (family === undefined) return undefined;
  const known = ME_CENTRAL_1_FAMILIES[family];
  if (known) return { ...known, listed: true };
  // g5g is a Graviton GPU family: NVIDIA AMI is x86 only, so treat it as non-NVIDIA.
  const gpu = NVIDIA_GPU_FAMILY.test(family);
  const architecture = !gpu && GRAVITON_FAMILY.test(family) ? Architecture.ARM64 : Architecture.X86_64;
  return { architecture, gpu, listed: false };
}
