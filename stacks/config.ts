/**
 * The environment file: schema (zod), defaults per profile, loader and errors.
 *
 * Every environment file is parsed and validated here before any stack is built, so a
 * bad file stops the run with a message that names the file, the field path, the bad
 * value and what is allowed, and nothing is written to cdktf.out.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join } from "node:path";
import { parseAllDocuments } from "yaml";
import { z } from "zod";
import { cidrContains, cidrsOverlap, hasHostBits, parseCidr, PRIVATE_BLOCKS } from "../constructs/network/ipv4";
import { accessLogBucketName, artifactBucketName, configBucketName, logArchiveBucketName, stateBucketName } from "./naming";
import { describeInstanceType, INSTANCE_TYPE_PATTERN, ME_CENTRAL_1_FAMILIES } from "./instance-types";

export const HOME_REGION = "me-central-1";

export const Profile = { ENTERPRISE: "enterprise", SMB: "smb" } as const;
export type Profile = (typeof Profile)[keyof typeof Profile];

/** Retention values CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
] as const;
/** ISO 27001 A.8.15 / UAE IA: keep at least 90 days of logs online. */
export const MIN_LOG_RETENTION_DAYS = 90;

export const SUPPORTED_EKS_VERSIONS = ["1.32", "1.33", "1.34", "1.35"] as const;
export const SUPPORTED_POSTGRES_MAJOR_VERSIONS = ["16", "17"] as const;
/**
 * Groups of stateful resources an environment can name in allowReplace, to let a
 * deliberate destroy or replacement through prevent_destroy and deletion protection.
 * The log archive and its key are not among them: nothing relaxes their guards.
 */
export const REPLACEABLE_GROUPS = ["state", "keys", "buckets", "log-groups", "repositories", "database", "cluster", "backup-vault"] as const;
export type ReplaceableGroup = (typeof REPLACEABLE_GROUPS)[number];
export const PLATFORM_ROLES = ["platform-admin", "ml-engineer", "data-scientist", "auditor"] as const;
export type PlatformRole = (typeof PLATFORM_ROLES)[number];

// ---------------------------------------------------------------------------
// Schema helpers

// House wording for the type errors a rule does not word itself (zod's defaults read
// "Invalid input: expected array, received object").
z.config({
  customError: (issue) => {
    if (issue.code !== "invalid_type") return undefined;
    const expected: Record<string, string> = {
      array: "expected a list",
      object: "expected a map",
      record: "expected a map",
      string: "expected text",
      number: "expected a number",
      boolean: "expected true or false",
    };
    return expected[issue.expected] ?? undefined;
  },
});

/** An object that refuses unknown keys and says which keys are allowed. */
function strictObject<T extends z.ZodRawShape>(shape: T) {
  const allowed = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code === "invalid_type") return `expected a map with keys: ${allowed.join(", ")}`;
      if (issue.code !== "unrecognized_keys") return undefined;
      const hints = issue.keys.map((key) => {
        const near = closest(key, allowed);
        // Keys come from the file: quote and cut them like values, so a newline or an
        // escape sequence in a key cannot break the one-line-per-problem output.
        const shown = preview(key);
        return near ? `${shown} (did you mean "${near}"?)` : shown;
      });
      return `unknown key ${hints.join(", ")}; allowed keys: ${allowed.join(", ")}`;
    },
  });
}

function closest(key: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

const int = (min: number, max: number) =>
  z
    .number({ error: `expected a whole number from ${min} to ${max}` })
    .int(`expected a whole number from ${min} to ${max}`)
    .min(min, `expected a whole number from ${min} to ${max}`)
    .max(max, `expected a whole number from ${min} to ${max}`);

const bool = () => z.boolean({ error: "expected true or false" });

const enumOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, {
    error: (issue) =>
      typeof issue.input === "number"
        ? values.some((v) => Number(v) === issue.input)
          ? `expected one of: ${values.join(", ")}, as a quoted string (YAML reads ${issue.input} as a number; write "${values.find((v) => Number(v) === issue.input)}")`
          : `expected one of: ${values.join(", ")}, as a quoted string (YAML read a number here; put the value in quotes)`
        : `expected one of: ${values.join(", ")}`,
  });

/** A list with a house-style message for its length bounds. */
const listOf = <T extends z.ZodType>(item: T, what: string, min: number, max: number) =>
  z
    .array(item, { error: `expected a list of ${what}` })
    .min(min, `expected at least ${min} ${what}`)
    .max(max, `expected at most ${max} ${what}`);

const pattern = (re: RegExp, allowed: string, max = 253) =>
  z
    .string({ error: `expected a string: ${allowed}` })
    .max(max, `expected at most ${max} characters: ${allowed}`)
    .regex(re, `expected ${allowed}`);

/** Purposes that would collide with the platform's own bucket names. */
const RESERVED_BUCKET_PURPOSES = ["tfstate", "log-archive", "s3-access-logs", "config"];

const DNS_LABEL = /^[a-z]([a-z0-9-]{0,18}[a-z0-9])?$/;
const dnsName = pattern(DNS_LABEL, "a lowercase DNS label of 1-20 characters (a-z, 0-9, '-')", 20);
/** AWS reserves these prefixes (KMS aliases alias/aws/*, S3 bucket names xn--*, sthree-*, amzn-s3-demo-*). */
const RESERVED_NAME_PREFIX = /^(aws|xn--|sthree-|amzn-s3-demo-)/;
const environmentName = dnsName.refine((v) => !RESERVED_NAME_PREFIX.test(v), {
  message: "names starting with aws, xn--, sthree- or amzn-s3-demo- are reserved by AWS (KMS aliases, S3 bucket names)",
});
// Commercial partition only: ARNs here are built as arn:aws:..., not arn:aws-cn or arn:aws-us-gov.
const region = pattern(/^(?!cn-)[a-z]{2}-[a-z]+-\d$/, "an AWS region of the commercial partition, such as me-central-1", 30);
const tagValue = pattern(
  /^[\p{L}\p{N}_.:/=+\-@](?:[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,254}[\p{L}\p{N}_.:/=+\-@])?$/u,
  "1-256 characters allowed in an AWS tag value, not starting or ending with a space",
  256,
);
/** Kubernetes label name part and value grammar; kubernetes.io/ and k8s.io/ prefixes are reserved for Kubernetes. */
const LABEL_KEY = /^(?!(?:[a-z0-9.-]*\.)?(?:kubernetes\.io|k8s\.io)\/)(?:[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\/)?[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(?:[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?)?$/;
const labelKey = pattern(LABEL_KEY, "a Kubernetes label key ([prefix/]name, name 1-63 characters; kubernetes.io/ and k8s.io/ are reserved)", 316);
const labelValue = pattern(LABEL_VALUE, "a Kubernetes label value (0-63 characters, alphanumeric at both ends)", 63);
/** ECR repository name grammar (lowercase path components separated by '/'). */
const ECR_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

// ---------------------------------------------------------------------------
// Schema of the file (what a user writes). Optional fields take profile defaults.

const NodePoolSchema = strictObject({
  name: dnsName,
  kind: enumOf(["cpu", "gpu"] as const),
  instanceTypes: z
    .array(pattern(INSTANCE_TYPE_PATTERN, "an EC2 instance type such as m7g.large", 30), {
      error: "expected a list of EC2 instance types",
    })
    .min(1, "expected at least one instance type")
    .max(10, "expected at most 10 instance types"),
  minSize: int(0, 100),
  desiredSize: int(0, 100),
  maxSize: int(1, 100),
  capacityType: enumOf(["on-demand", "spot"] as const),
  diskSizeGb: int(20, 2000).optional(),
  taints: z
    .array(
      strictObject({
        key: labelKey,
        value: labelValue.optional(),
        effect: enumOf(["NoSchedule", "PreferNoSchedule", "NoExecute"] as const),
      }),
    )
    .max(50)
    .optional(),
  labels: z
    .record(labelKey, labelValue, {
      error: (issue) =>
        issue.code === "invalid_key"
          ? "expected a Kubernetes label key ([prefix/]name, name 1-63 characters; kubernetes.io/ and k8s.io/ are reserved)"
          : undefined,
    })
    .optional(),
});

const FileSchema = strictObject({
  name: environmentName,
  profile: enumOf([Profile.ENTERPRISE, Profile.SMB] as const),
  account: pattern(/^\d{12}$/, "a 12-digit AWS account id in quotes, e.g. \"123456789012\"", 12),
  region: region.optional(),
  residency: strictObject({
    allowedRegions: z.array(region).max(10).optional(),
    legalBasis: z
      .string({ error: "expected a written legal basis (text)" })
      .trim()
      .min(20, "expected a written legal basis of at least 20 characters")
      .max(2000)
      .optional(),
  }).optional(),
  availabilityZoneIds: z
    .array(pattern(/^[a-z]{3,6}\d-az\d$/, "an availability zone id such as mec1-az1 (ids, not names)", 12))
    .min(2, "expected at least 2 availability zone ids")
    .max(3, "expected at most 3 availability zone ids"),
  tags: strictObject({
    owner: tagValue,
    "cost-center": tagValue,
    "data-classification": enumOf(["public", "internal", "confidential", "restricted"] as const),
  }),
  network: strictObject({
    vpcCidr: z.string({ error: "expected an IPv4 CIDR block such as 10.40.0.0/16" }),
    egress: enumOf(["none", "nat"] as const).optional(),
    natGatewayPerAz: bool().optional(),
  }),
  cluster: strictObject({
    version: enumOf(SUPPORTED_EKS_VERSIONS).optional(),
    access: z
      .array(
        strictObject({
          principalArn: pattern(
            /^arn:aws:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/,
            "an IAM role ARN such as arn:aws:iam::123456789012:role/PlatformAdmin",
            600,
          ),
          role: enumOf(PLATFORM_ROLES),
        }),
      )
      .max(50)
      .optional(),
  }).optional(),
  nodePools: z.array(NodePoolSchema).min(1, "expected at least one node pool").max(20).optional(),
  allowUnlistedInstanceTypes: bool().optional(),
  ephemeral: bool().optional(),
  state: strictObject({
    objectLockDays: int(1, 365).optional(),
  }).optional(),
  allowReplace: listOf(enumOf(REPLACEABLE_GROUPS), "resource groups", 0, REPLACEABLE_GROUPS.length).optional(),
  database: strictObject({
    engineVersion: enumOf(SUPPORTED_POSTGRES_MAJOR_VERSIONS).optional(),
    instanceClass: pattern(/^db\.[a-z0-9]+\.[a-z0-9]+$/, "an RDS instance class such as db.t4g.medium", 40).optional(),
    allocatedStorageGb: int(20, 65536).optional(),
    maxAllocatedStorageGb: int(20, 65536).optional(),
    multiAz: bool().optional(),
    backupRetentionDays: int(7, 35).optional(),
  }).optional(),
  artifacts: strictObject({
    buckets: listOf(
      pattern(/^[a-z][a-z0-9-]{0,18}[a-z0-9]$/, "a short bucket purpose name (a-z, 0-9, '-', 2-20 characters)", 20).refine(
        (v) => !RESERVED_BUCKET_PURPOSES.includes(v),
        { message: `names the platform uses for its own buckets are reserved: ${RESERVED_BUCKET_PURPOSES.join(", ")}` },
      ),
      "bucket purpose names",
      1,
      10,
    ).optional(),
    ecrRepositories: listOf(
      pattern(ECR_NAME, "an ECR repository name: lowercase a-z, 0-9 and . _ - inside path components separated by /", 100),
      "ECR repository names",
      0,
      50,
    ).optional(),
    noncurrentVersionRetentionDays: int(1, 3650).optional(),
  }).optional(),
  backup: strictObject({
    retentionDays: int(35, 3650).optional(),
  }).optional(),
  logging: strictObject({
    retentionDays: z
      .number({ error: `expected one of CloudWatch's retention values: ${LOG_RETENTION_DAYS.join(", ")}` })
      .refine((v) => (LOG_RETENTION_DAYS as readonly number[]).includes(v), {
        message: `expected one of CloudWatch's retention values: ${LOG_RETENTION_DAYS.join(", ")}`,
      })
      .refine((v) => v >= MIN_LOG_RETENTION_DAYS, {
        message: `expected at least ${MIN_LOG_RETENTION_DAYS} days (ISO 27001 A.8.15 log retention)`,
      })
      .optional(),
  }).optional(),
  security: strictObject({
    guardDuty: bool().optional(),
    securityHub: bool().optional(),
    awsConfig: bool().optional(),
  }).optional(),
  platform: strictObject({
    github: strictObject({
      configUrl: pattern(
        /^https:\/\/github\.com\/[A-Za-z0-9-]{1,39}(\/[A-Za-z0-9._-]{1,100})?$/,
        "a GitHub organization or repository URL such as https://github.com/my-org",
        200,
      ),
      appSecretName: pattern(/^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/, "a Kubernetes secret name", 253),
    }),
    runners: strictObject({
      minRunners: int(0, 100).optional(),
      maxRunners: int(1, 200).optional(),
    }).optional(),
    highAvailability: bool().optional(),
  }),
});

type FileInput = z.infer<typeof FileSchema>;
export type NodePoolConfig = Omit<z.infer<typeof NodePoolSchema>, "taints" | "labels" | "diskSizeGb"> & {
  readonly diskSizeGb: number;
  readonly taints: { key: string; value?: string; effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute" }[];
  readonly labels: Record<string, string>;
};

/** A validated environment with every default filled in. */
export interface EnvironmentConfig {
  readonly file: string;
  readonly name: string;
  readonly profile: Profile;
  readonly account: string;
  readonly region: string;
  readonly residency: { readonly allowedRegions: string[]; readonly legalBasis?: string };
  readonly availabilityZoneIds: string[];
  readonly tags: FileInput["tags"];
  readonly network: { readonly vpcCidr: string; readonly egress: "none" | "nat"; readonly natGatewayPerAz: boolean };
  readonly cluster: {
    readonly version: (typeof SUPPORTED_EKS_VERSIONS)[number];
    readonly access: { principalArn: string; role: PlatformRole }[];
  };
  readonly nodePools: NodePoolConfig[];
  readonly allowUnlistedInstanceTypes: boolean;
  /** A throw-away test environment (smb only): stateful guards relaxed, except the log archive's. */
  readonly ephemeral: boolean;
  /** Stateful resource groups whose destroy or replacement the file allows explicitly. */
  readonly allowReplace: ReplaceableGroup[];
  /** Terraform state bucket: object lock (governance mode) on every state version for this many days. */
  readonly state: { readonly objectLockDays?: number };
  readonly database: {
    readonly engineVersion: (typeof SUPPORTED_POSTGRES_MAJOR_VERSIONS)[number];
    readonly instanceClass: string;
    readonly allocatedStorageGb: number;
    readonly maxAllocatedStorageGb: number;
    readonly multiAz: boolean;
    readonly backupRetentionDays: number;
  };
  readonly artifacts: {
    readonly buckets: string[];
    readonly ecrRepositories: string[];
    readonly noncurrentVersionRetentionDays: number;
  };
  readonly logging: { readonly retentionDays: number };
  /** AWS Backup: daily recovery points kept this long; continuous backups (PITR) 35 days. */
  readonly backup: { readonly retentionDays: number };
  readonly security: { readonly guardDuty: boolean; readonly securityHub: boolean; readonly awsConfig: boolean };
  readonly platform: {
    readonly github: { readonly configUrl: string; readonly appSecretName: string };
    readonly runners: { readonly minRunners: number; readonly maxRunners: number };
    readonly highAvailability: boolean;
  };
}

// ---------------------------------------------------------------------------
// Defaults per profile: the only place they live.

const GPU_TAINT = { key: "nvidia.com/gpu", value: "true", effect: "NoSchedule" as const };

/** What a profile decides when the file is silent. */
interface ProfileDefaults {
  readonly network: Omit<EnvironmentConfig["network"], "vpcCidr">;
  readonly cluster: Pick<EnvironmentConfig["cluster"], "version">;
  readonly nodePools: NodePoolConfig[];
  readonly allowUnlistedInstanceTypes: boolean;
  readonly database: EnvironmentConfig["database"];
  readonly artifacts: EnvironmentConfig["artifacts"];
  readonly logging: EnvironmentConfig["logging"];
  readonly backup: EnvironmentConfig["backup"];
  readonly security: EnvironmentConfig["security"];
  readonly platform: Omit<EnvironmentConfig["platform"], "github">;
}

const PROFILE_DEFAULTS: Record<Profile, ProfileDefaults> = {
  enterprise: {
    network: { egress: "nat", natGatewayPerAz: true },
    cluster: { version: "1.34" },
    nodePools: [
      pool("system", "cpu", ["m6i.large"], 2, 3, 4, "on-demand", { "platform.mlops/pool": "system" }),
      pool("cpu-workers", "cpu", ["m6i.2xlarge", "m5.2xlarge"], 2, 3, 12, "on-demand", { "platform.mlops/pool": "cpu" }),
      pool("gpu-workers", "gpu", ["g5.2xlarge", "g5.4xlarge"], 1, 1, 8, "on-demand", { "platform.mlops/pool": "gpu" }),
    ],
    allowUnlistedInstanceTypes: false,
    database: {
      engineVersion: "17",
      instanceClass: "db.r7g.large",
      allocatedStorageGb: 100,
      maxAllocatedStorageGb: 500,
      multiAz: true,
      backupRetentionDays: 35,
    },
    artifacts: { buckets: ["models", "datasets", "pipelines"], ecrRepositories: ["training", "serving"], noncurrentVersionRetentionDays: 365 },
    logging: { retentionDays: 365 },
    backup: { retentionDays: 365 },
    security: { guardDuty: true, securityHub: true, awsConfig: true },
    platform: { runners: { minRunners: 1, maxRunners: 20 }, highAvailability: true },
  },
  smb: {
    network: { egress: "nat", natGatewayPerAz: false },
    cluster: { version: "1.34" },
    nodePools: [
      pool("system", "cpu", ["t4g.large"], 1, 2, 3, "on-demand", { "platform.mlops/pool": "system" }),
      pool("cpu-workers", "cpu", ["m7g.xlarge", "m6g.xlarge"], 0, 1, 6, "spot", { "platform.mlops/pool": "cpu" }),
    ],
    allowUnlistedInstanceTypes: false,
    database: {
      engineVersion: "17",
      instanceClass: "db.t4g.medium",
      allocatedStorageGb: 20,
      maxAllocatedStorageGb: 100,
      multiAz: false,
      backupRetentionDays: 7,
    },
    artifacts: { buckets: ["models", "datasets", "pipelines"], ecrRepositories: ["training", "serving"], noncurrentVersionRetentionDays: 90 },
    logging: { retentionDays: 90 },
    backup: { retentionDays: 35 },
    security: { guardDuty: true, securityHub: false, awsConfig: false },
    platform: { runners: { minRunners: 0, maxRunners: 5 }, highAvailability: false },
  },
};

function pool(
  name: string,
  kind: "cpu" | "gpu",
  instanceTypes: string[],
  minSize: number,
  desiredSize: number,
  maxSize: number,
  capacityType: "on-demand" | "spot",
  labels: Record<string, string>,
): NodePoolConfig {
  return {
    name,
    kind,
    instanceTypes,
    minSize,
    desiredSize,
    maxSize,
    capacityType,
    diskSizeGb: kind === "gpu" ? 200 : 50,
    taints: kind === "gpu" ? [GPU_TAINT] : [],
    labels,
  };
}

function resolve(file: string, input: FileInput): EnvironmentConfig {
  const d = PROFILE_DEFAULTS[input.profile];
  return {
    file,
    name: input.name,
    profile: input.profile,
    account: input.account,
    region: input.region ?? HOME_REGION,
    residency: {
      allowedRegions: input.residency?.allowedRegions ?? [],
      legalBasis: input.residency?.legalBasis,
    },
    availabilityZoneIds: input.availabilityZoneIds,
    tags: input.tags,
    network: { ...d.network, ...input.network },
    cluster: { version: input.cluster?.version ?? d.cluster.version, access: input.cluster?.access ?? [] },
    nodePools: (input.nodePools ?? d.nodePools).map((p) => ({
      ...p,
      diskSizeGb: p.diskSizeGb ?? (p.kind === "gpu" ? 200 : 50),
      // GPU pools always carry the nvidia.com/gpu taint so only GPU workloads land there.
      taints: withGpuTaint(p.kind, p.taints ?? []),
      labels: p.labels ?? {},
    })),
    allowUnlistedInstanceTypes: input.allowUnlistedInstanceTypes ?? d.allowUnlistedInstanceTypes,
    ephemeral: input.ephemeral ?? false,
    allowReplace: input.allowReplace ?? [],
    state: { objectLockDays: input.state?.objectLockDays },
    database: { ...d.database, ...input.database },
    artifacts: { ...d.artifacts, ...input.artifacts },
    logging: { ...d.logging, ...input.logging },
    backup: { ...d.backup, ...input.backup },
    security: { ...d.security, ...input.security },
    platform: {
      github: input.platform.github,
      runners: { ...d.platform.runners, ...input.platform.runners },
      highAvailability: input.platform.highAvailability ?? d.platform.highAvailability,
    },
  };
}

function withGpuTaint(kind: string, taints: NodePoolConfig["taints"]): NodePoolConfig["taints"] {
  if (kind !== "gpu" || taints.some((t) => t.key === GPU_TAINT.key)) return taints;
  return [...taints, GPU_TAINT];
}

// ---------------------------------------------------------------------------
// Errors

export interface ConfigIssue {
  readonly file: string;
  /** Dotted field path, e.g. nodePools[1].instanceTypes[0]; empty for the whole file. */
  readonly path: string;
  readonly value?: unknown;
  readonly message: string;
}

export class ConfigError extends Error {
  constructor(readonly issues: readonly ConfigIssue[]) {
    super(issues.map(formatIssue).join("\n"));
    this.name = "ConfigError";
  }
}

export function formatIssue(issue: ConfigIssue): string {
  const where = issue.path ? `${issue.file}: ${issue.path}` : issue.file;
  const got = issue.value === undefined ? "" : ` (got ${preview(issue.value)})`;
  return `${where}: ${issue.message}${got}`;
}

function preview(value: unknown): string {
  const text = typeof value === "number" && !Number.isFinite(value) ? String(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join("");
}

// ---------------------------------------------------------------------------
// Semantic checks on the resolved config (what a schema alone cannot say)

type Report = (path: string, message: string, value?: unknown) => void;

function checkEnvironment(env: EnvironmentConfig, report: Report): void {
  checkResidency(env, report);
  checkAvailabilityZones(env, report);
  checkCidr(env.network.vpcCidr, report);
  checkEgress(env, report);
  checkNodePools(env, report);
  checkSchedulable(env, report);
  checkAccess(env, report);
  checkDatabase(env, report);
  checkArtifacts(env, report);
  checkProtection(env, report);
  checkEnterpriseControls(env, report);
  checkPlatform(env, report);
}

/** Report each value that repeats in a list, at its path. */
function reportDuplicates(values: readonly string[], path: (i: number) => string, what: string, report: Report): void {
  const seen = new Set<string>();
  values.forEach((v, i) => {
    if (seen.has(v)) report(path(i), `${what} must be unique`, v);
    seen.add(v);
  });
}

function checkEgress(env: EnvironmentConfig, report: Report): void {
  if (env.network.egress === "none") {
    report(
      "network.egress",
      "egress none is not deployable yet: the platform's charts pull images from public registries (quay.io, ghcr.io, docker.io, nvcr.io) and there is no in-VPC mirror; use nat",
      "none",
    );
  }
}

/** The cluster needs untainted CPU nodes for CoreDNS and the platform controllers. */
function checkSchedulable(env: EnvironmentConfig, report: Report): void {
  const needed = env.platform.highAvailability ? 3 : 1;
  const general = env.nodePools.filter((p) => p.kind === "cpu" && p.taints.every((t) => t.effect === "PreferNoSchedule"));
  const minNodes = general.reduce((sum, p) => sum + p.minSize, 0);
  if (minNodes < needed) {
    report(
      "nodePools",
      `expected untainted CPU pools with minSize adding up to at least ${needed}${env.platform.highAvailability ? " (highAvailability spreads controllers and Redis HA over 3 nodes)" : ""}; CoreDNS and the platform controllers run there`,
      general.map((p) => ({ name: p.name, minSize: p.minSize })),
    );
  }
}

function checkAccess(env: EnvironmentConfig, report: Report): void {
  const access = env.cluster.access;
  if (!access.some((a) => a.role === "platform-admin")) {
    report(
      "cluster.access",
      "expected at least one principal with role platform-admin: the cluster grants its creator no admin, so without one nobody (not even the platform stack's deploy) can manage it",
      access,
    );
  }
  access.forEach((a, i) => {
    const account = a.principalArn.split(":")[4];
    if (account !== env.account) {
      report(`cluster.access[${i}].principalArn`, `expected a role in this environment's account ${env.account}`, a.principalArn);
    }
  });
  reportDuplicates(access.map((a) => a.principalArn), (i) => `cluster.access[${i}].principalArn`, "principals (one access entry each)", report);
}

function checkProtection(env: EnvironmentConfig, report: Report): void {
  if (env.ephemeral && env.profile !== Profile.SMB) {
    report("ephemeral", "only smb environments can be ephemeral (throw-away test environments); enterprise data is always protected", true);
  }
  reportDuplicates(env.allowReplace, (i) => `allowReplace[${i}]`, "resource groups", report);
  const stateRelaxed = env.ephemeral || env.allowReplace.includes("state");
  if (env.state.objectLockDays !== undefined && stateRelaxed) {
    report(
      "state.objectLockDays",
      "object-locked state versions cannot be destroyed; drop the lock, or do not relax the state group (ephemeral, allowReplace: [state])",
      env.state.objectLockDays,
    );
  }
}

function checkArtifacts(env: EnvironmentConfig, report: Report): void {
  reportDuplicates(env.artifacts.buckets, (i) => `artifacts.buckets[${i}]`, "bucket purpose names", report);
  reportDuplicates(env.artifacts.ecrRepositories, (i) => `artifacts.ecrRepositories[${i}]`, "ECR repository names", report);
}

/** Controls the enterprise profile demands (DESIGN.md: an insecure option is refused for enterprise). */
function checkEnterpriseControls(env: EnvironmentConfig, report: Report): void {
  if (env.profile !== Profile.ENTERPRISE) return;
  for (const service of ["guardDuty", "securityHub", "awsConfig"] as const) {
    if (!env.security[service]) {
      report(`security.${service}`, "the enterprise profile requires GuardDuty, Security Hub and AWS Config (ISO 27001 A.8.16 monitoring)", false);
    }
  }
  if (env.logging.retentionDays < 365) {
    report("logging.retentionDays", "the enterprise profile keeps logs at least 365 days", env.logging.retentionDays);
  }
  if (!env.network.natGatewayPerAz) {
    report("network.natGatewayPerAz", "the enterprise profile needs a NAT gateway per AZ, so egress survives an AZ loss", false);
  }
  if (!env.platform.highAvailability) {
    report("platform.highAvailability", "the enterprise profile runs the platform controllers highly available", false);
  }
}

function checkResidency(env: EnvironmentConfig, report: Report): void {
  const { allowedRegions, legalBasis } = env.residency;
  for (const [i, r] of allowedRegions.entries()) {
    if (r !== HOME_REGION && !legalBasis) {
      report(
        `residency.allowedRegions[${i}]`,
        `a region outside the UAE needs residency.legalBasis (the written legal basis under UAE PDPL for moving data to ${r})`,
        r,
      );
    }
  }
  if (env.region !== HOME_REGION && !(allowedRegions.includes(env.region) && legalBasis)) {
    report(
      "region",
      `data must stay in ${HOME_REGION} (UAE PDPL); another region needs residency.allowedRegions to list it and residency.legalBasis to say why`,
      env.region,
    );
  }
}

/** AWS AZ id prefixes follow the region name: me-central-1 -> mec1, ap-southeast-1 -> apse1. */
export function azIdPrefix(regionName: string): string {
  const [area, ...rest] = regionName.split("-");
  const number = rest.pop();
  const words: Record<string, string> = {
    central: "c", north: "n", south: "s", east: "e", west: "w",
    northeast: "ne", northwest: "nw", southeast: "se", southwest: "sw", gov: "g",
  };
  return `${area}${rest.map((w) => words[w] ?? w[0]).join("")}${number}`;
}

/** Availability zones per region where we know the count (me-central-1: mec1-az1..3). */
const KNOWN_AZ_COUNT: Record<string, number> = { "me-central-1": 3 };

function checkAvailabilityZones(env: EnvironmentConfig, report: Report): void {
  const prefix = azIdPrefix(env.region);
  const count = KNOWN_AZ_COUNT[env.region];
  const valid = count ? Array.from({ length: count }, (_, i) => `${prefix}-az${i + 1}`) : undefined;
  env.availabilityZoneIds.forEach((id, i) => {
    const ok = valid ? valid.includes(id) : new RegExp(`^${prefix}-az[1-9]$`).test(id);
    if (!ok) {
      report(`availabilityZoneIds[${i}]`, `expected an availability zone id of ${env.region}: ${valid ? valid.join(", ") : `${prefix}-az1, ${prefix}-az2, ...`}`, id);
    }
  });
  reportDuplicates(env.availabilityZoneIds, (i) => `availabilityZoneIds[${i}]`, "availability zone ids", report);
}

function checkCidr(text: string, report: Report): void {
  const path = "network.vpcCidr";
  const cidr = parseCidr(text);
  if (!cidr) return report(path, "expected an IPv4 CIDR block such as 10.40.0.0/16", text);
  if (hasHostBits(cidr)) {
    return report(path, "the address has host bits set; expected the network address of the block", text);
  }
  if (!PRIVATE_BLOCKS.some((block) => cidrContains(block, cidr))) {
    return report(path, "expected a private block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 (RFC 1918)", text);
  }
  if (cidr.prefix < 16 || cidr.prefix > 20) {
    report(path, "expected a prefix length from /16 to /20 (AWS allows /16 at most; /20 is the smallest that fits the subnet plan)", text);
  }
}

function checkNodePools(env: EnvironmentConfig, report: Report): void {
  const names = new Set<string>();
  env.nodePools.forEach((p, i) => {
    const at = `nodePools[${i}]`;
    if (names.has(p.name)) report(`${at}.name`, "node pool names must be unique", p.name);
    names.add(p.name);
    if (!(p.minSize <= p.desiredSize && p.desiredSize <= p.maxSize)) {
      report(at, "expected minSize <= desiredSize <= maxSize", { minSize: p.minSize, desiredSize: p.desiredSize, maxSize: p.maxSize });
    }
    const architectures = new Set<string>();
    p.instanceTypes.forEach((type, j) => {
      const info = describeInstanceType(type);
      if (!info) return report(`${at}.instanceTypes[${j}]`, "expected an EC2 instance type such as m7g.large", type);
      architectures.add(info.architecture);
      if (!info.listed && !env.allowUnlistedInstanceTypes) {
        report(
          `${at}.instanceTypes[${j}]`,
          `instance family is not known to be offered in me-central-1; listed families: ${Object.keys(ME_CENTRAL_1_FAMILIES).join(", ")} (set allowUnlistedInstanceTypes: true after checking aws ec2 describe-instance-type-offerings)`,
          type,
        );
      }
      if (p.kind === "gpu" && !info.gpu) {
        report(`${at}.instanceTypes[${j}]`, "a gpu pool needs an NVIDIA GPU instance type (me-central-1: g5)", type);
      }
      if (p.kind === "cpu" && info.gpu) {
        report(`${at}.instanceTypes[${j}]`, "a cpu pool must not use GPU instance types; declare a pool with kind: gpu", type);
      }
    });
    reportDuplicates(p.instanceTypes, (j) => `${at}.instanceTypes[${j}]`, "instance types of a pool", report);
    reportDuplicates(p.taints.map((t) => `${t.key}:${t.effect}`), (j) => `${at}.taints[${j}]`, "taints (key and effect)", report);
    if (architectures.size > 1) {
      report(`${at}.instanceTypes`, "all instance types of one pool must share an architecture (x86_64 or arm64)", p.instanceTypes);
    }
    if (p.kind === "gpu" && env.profile === Profile.SMB) {
      report(`${at}.kind`, "the smb profile is CPU-only; use profile: enterprise for GPU pools", p.kind);
    }
  });
}

function checkDatabase(env: EnvironmentConfig, report: Report): void {
  const db = env.database;
  // RDS storage autoscaling needs a ceiling at least 10% above the allocated storage.
  const minimum = Math.ceil(db.allocatedStorageGb * 1.1);
  if (db.maxAllocatedStorageGb < minimum) {
    report(
      "database.maxAllocatedStorageGb",
      `expected at least ${minimum} (10% above database.allocatedStorageGb ${db.allocatedStorageGb}; RDS storage autoscaling needs the headroom)`,
      db.maxAllocatedStorageGb,
    );
  }
  if (env.profile === Profile.ENTERPRISE && !db.multiAz) {
    report("database.multiAz", "the enterprise profile requires a multi-AZ database (ISO 27001 A.8.14 redundancy)", db.multiAz);
  }
}

function checkPlatform(env: EnvironmentConfig, report: Report): void {
  const r = env.platform.runners;
  if (r.minRunners > r.maxRunners) {
    report("platform.runners", "expected minRunners <= maxRunners", r);
  }
}

// ---------------------------------------------------------------------------
// Loader

/** YAML text to a plain value; every YAML error or warning is a ConfigError with its position. */
function readYaml(file: string, text: string): unknown {
  const documents = parseAllDocuments(text, { prettyErrors: true, uniqueKeys: true });
  const list = Array.isArray(documents) ? documents : [documents];
  if (list.length > 1) {
    throw new ConfigError([{ file, path: "", message: `expected one YAML document, found ${list.length} (remove the --- separators)` }]);
  }
  const doc = list[0];
  if (!doc) return null;
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) {
    const pos = problem.linePos?.[0];
    const at = pos ? `line ${pos.line}, column ${pos.col}` : "unknown position";
    // The library appends " at line L, column C:" and a code frame; the position is already said.
    const reason = problem.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
    throw new ConfigError([{ file, path: "", message: `YAML syntax error at ${at}: ${reason}` }]);
  }
  try {
    // Alias expansion is bounded: a "billion laughs" file stops here with a clear error.
    return doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new ConfigError([{ file, path: "", message: `YAML could not be read: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}` }]);
  }
}

/** Parse and validate one environment file's text. Throws ConfigError. */
export function parseEnvironment(file: string, text: string): EnvironmentConfig {
  const issues: ConfigIssue[] = [];
  const raw = readYaml(file, text);
  if (raw === null || raw === undefined) {
    throw new ConfigError([{ file, path: "", message: "the file is empty; expected a map with at least name, profile, account, availabilityZoneIds, tags, network and platform" }]);
  }
  if (typeof raw !== "object" || Array.isArray(raw)) {
    throw new ConfigError([{ file, path: "", message: "expected a map of settings at the top level", value: Array.isArray(raw) ? "a list" : raw }]);
  }
  const parsed = FileSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const missing = issue.code === "invalid_type" && issue.input === undefined;
      const value = issue.code === "unrecognized_keys" || missing ? undefined : issue.input;
      issues.push({ file, path: formatPath(issue.path), value, message: missing ? `missing; ${issue.message}` : issue.message });
    }
    throw new ConfigError(issues);
  }
  const env = resolve(file, parsed.data);
  checkEnvironment(env, (path, message, value) => issues.push({ file, path, value, message }));
  if (issues.length > 0) throw new ConfigError(issues);
  return env;
}

/** Checks across environments: unique names, no overlapping VPCs in one account. */
function checkAcrossEnvironments(envs: readonly EnvironmentConfig[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const bucketOwners = new Map<string, string>();
  for (const env of envs) {
    for (const bucket of bucketNames(env)) {
      const owner = bucketOwners.get(bucket);
      if (owner && owner !== env.file) {
        issues.push({ file: env.file, path: "name", value: env.name, message: `makes bucket ${bucket}, which ${owner} makes too; S3 bucket names are global: rename one environment or bucket` });
      }
      bucketOwners.set(bucket, env.file);
    }
  }
  envs.forEach((env, i) => {
    for (const other of envs.slice(0, i)) {
      if (other.account === env.account) {
        for (const service of ["guardDuty", "securityHub", "awsConfig"] as const) {
          if (env.security[service] && other.security[service]) {
            issues.push({
              file: env.file,
              path: `security.${service}`,
              value: true,
              message: `${service} is account-wide and ${other.file} already enables it in account ${env.account}; set it false in one of the two`,
            });
          }
        }
      }
      if (other.name === env.name) {
        issues.push({ file: env.file, path: "name", value: env.name, message: `environment name already used by ${other.file}; names must be unique` });
      }
      const a = parseCidr(env.network.vpcCidr);
      const b = parseCidr(other.network.vpcCidr);
      if (other.account === env.account && a && b && cidrsOverlap(a, b)) {
        issues.push({
          file: env.file,
          path: "network.vpcCidr",
          value: env.network.vpcCidr,
          message: `overlaps ${other.network.vpcCidr} of ${other.file} in the same account; pick a block that does not overlap (peering and transit need disjoint ranges)`,
        });
      }
    }
  });
  return issues;
}

/** Every bucket an environment creates: S3 names are global, so they must not repeat. */
function bucketNames(env: EnvironmentConfig): string[] {
  return [
    stateBucketName(env),
    `${stateBucketName(env)}-logs`,
    accessLogBucketName(env),
    logArchiveBucketName(env),
    configBucketName(env),
    ...env.artifacts.buckets.map((purpose) => artifactBucketName(env, purpose)),
  ];
}

/** Load every environment from a YAML file or a folder of them. Throws ConfigError. */
export function loadEnvironments(path: string): EnvironmentConfig[] {
  let files: string[];
  try {
    files = statSync(path).isDirectory()
      ? readdirSync(path)
          .filter((f) => [".yaml", ".yml"].includes(extname(f).toLowerCase()))
          .sort()
          .map((f) => join(path, f))
      : [path];
  } catch {
    throw new ConfigError([{ file: path, path: "", message: "no such file or folder; set PLATFORM_CONFIG to an environment file or a folder of them" }]);
  }
  if (files.length === 0) {
    throw new ConfigError([{ file: path, path: "", message: "the folder holds no environment files (*.yaml, *.yml)" }]);
  }
  const issues: ConfigIssue[] = [];
  const envs: EnvironmentConfig[] = [];
  for (const file of files) {
    try {
      envs.push(parseEnvironment(file, readFileSync(file, "utf8")));
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      issues.push(...e.issues);
    }
  }
  issues.push(...checkAcrossEnvironments(envs));
  if (issues.length > 0) throw new ConfigError(issues);
  return envs;
}
