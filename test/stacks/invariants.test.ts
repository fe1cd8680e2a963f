/**
 * Cross-cutting invariants over every synthesized stack of every shipped environment.
 * They walk the JSON, so a new resource of a covered type is checked without a new test.
 */
import { REQUIRED_TAG_KEYS } from "../../constructs/tagging/required-tags";
import { amiTypeFor } from "../../stacks/cluster-stack";
import { list, obj, refersTo, Resource, resources, shippedEnvironments, stacks } from "../support/synthesized";

type Json = Record<string, unknown>;
const label = (r: Resource) => `${r.stack}/${r.type}.${r.name}`;

/** The companion resource of `type` that points at this bucket (versioning, encryption, ...). */
function companionOf(bucket: Resource, type: string): Resource | undefined {
  return resources(type).find((c) => c.stack === bucket.stack && refersTo(c.body.bucket, bucket));
}

const envs = shippedEnvironments();
const LAYERS = ["bootstrap", "foundation", "data", "cluster", "platform"];
const hasGpu = (e: (typeof envs)[number]) => e.nodePools.some((p) => p.kind === "gpu");

test("every environment synthesizes its five stacks, and both profiles ship", () => {
  const expected = envs.flatMap((env) => LAYERS.map((layer) => `${env.name}-${layer}`)).sort();
  expect([...stacks().keys()].sort()).toEqual(expected);
  expect(envs.map((e) => e.name)).toEqual(expect.arrayContaining(["enterprise", "smb"]));
});

describe("buckets", () => {
  const buckets = resources("aws_s3_bucket");
  const logTargets = new Set(
    resources("aws_s3_bucket_logging").map((l) => String(l.body.target_bucket)),
  );
  const isLogTarget = (b: Resource) =>
    [...logTargets].some((target) => refersTo(target, b) || target === b.body.bucket) ||
    // the state access-log bucket is referenced by name within its own stack
    resources("aws_s3_bucket_logging").some((l) => l.stack === b.stack && refersTo(l.body.target_bucket, b));

  test("there are buckets to check", () => expect(buckets.length).toBeGreaterThanOrEqual(14));

  test.each(buckets.map((b) => [label(b), b] as const))("%s is encrypted: SSE-KMS with a CMK, or SSE-S3 only as a log target", (_, b) => {
    const sse = companionOf(b, "aws_s3_bucket_server_side_encryption_configuration");
    expect(sse).toBeDefined();
    const rule = obj(list(sse!.body.rule)[0]);
    const byDefault = obj(rule.apply_server_side_encryption_by_default);
    if (byDefault.sse_algorithm === "AES256") {
      // S3 server access log delivery cannot write SSE-KMS objects: allowed only for log targets.
      expect(isLogTarget(b)).toBe(true);
      expect(companionOf(b, "aws_s3_bucket_logging")).toBeUndefined();
    } else {
      expect(byDefault.sse_algorithm).toBe("aws:kms");
      expect(String(byDefault.kms_master_key_id)).toMatch(/aws_kms_key|^arn:aws:kms:/);
      expect(companionOf(b, "aws_s3_bucket_logging")).toBeDefined();
    }
  });

  test.each(buckets.map((b) => [label(b), b] as const))("%s blocks public access, is versioned and TLS-only", (_, b) => {
    const pab = companionOf(b, "aws_s3_bucket_public_access_block");
    expect(pab?.body).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(obj(companionOf(b, "aws_s3_bucket_versioning")?.body.versioning_configuration).status).toBe("Enabled");
    const policy = JSON.parse(String(companionOf(b, "aws_s3_bucket_policy")?.body.policy)) as { Statement: Json[] };
    expect(policy.Statement).toContainEqual(
      expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
    );
    expect(companionOf(b, "aws_s3_bucket_lifecycle_configuration")).toBeDefined();
    expect(b.body.force_destroy).toBe(false);
  });

  test("the log archive is object-locked", () => {
    const archives = buckets.filter((b) => String(b.body.bucket).includes("-log-archive-"));
    expect(archives).toHaveLength(envs.length);
    for (const a of archives) {
      expect(a.body.object_lock_enabled).toBe(true);
      expect(companionOf(a, "aws_s3_bucket_object_lock_configuration")).toBeDefined();
    }
  });
});

test("no security group admits ingress from 0.0.0.0/0 or ::/0", () => {
  const open = (cidrs: unknown) => (JSON.stringify(cidrs ?? "").includes("0.0.0.0/0") || JSON.stringify(cidrs ?? "").includes("::/0"));
  const offenders: string[] = [];
  for (const sg of resources("aws_security_group", "aws_default_security_group")) {
    for (const rule of list(sg.body.ingress)) {
      if (open(rule.cidr_blocks) || open(rule.ipv6_cidr_blocks)) offenders.push(label(sg));
    }
  }
  for (const rule of resources("aws_vpc_security_group_ingress_rule")) {
    if (open(rule.body.cidr_ipv4) || open(rule.body.cidr_ipv6)) offenders.push(label(rule));
  }
  for (const rule of resources("aws_security_group_rule")) {
    if (rule.body.type === "ingress" && (open(rule.body.cidr_blocks) || open(rule.body.ipv6_cidr_blocks))) offenders.push(label(rule));
  }
  expect(offenders).toEqual([]);
  expect(resources("aws_security_group").length).toBeGreaterThan(0);
});

test("default security groups have no rules", () => {
  expect(resources("aws_default_security_group")).toHaveLength(envs.length);
  for (const sg of resources("aws_default_security_group")) {
    expect(sg.body.ingress).toEqual([]);
    expect(sg.body.egress).toEqual([]);
  }
});

test("every log group has a CMK and a retention", () => {
  const groups = resources("aws_cloudwatch_log_group");
  expect(groups.length).toBeGreaterThan(0);
  for (const g of groups) {
    expect([label(g), String(g.body.kms_key_id)]).toEqual([label(g), expect.stringMatching(/aws_kms_key|^arn:aws:kms:/)]);
    expect([label(g), g.body.retention_in_days]).toEqual([label(g), expect.any(Number)]);
    expect(Number(g.body.retention_in_days)).toBeGreaterThanOrEqual(90);
  }
});

describe("state and providers", () => {
  test.each([...stacks().entries()])("%s: backend, provider region, account pin and default tags", (name, json) => {
    const backend = json.terraform.backend?.s3;
    if (name.endsWith("-bootstrap")) {
      expect(backend).toBeUndefined();
    } else {
      expect(backend).toMatchObject({
        encrypt: true,
        use_lockfile: true,
        region: "me-central-1",
        key: `${name}/terraform.tfstate`,
        kms_key_id: expect.stringMatching(/^arn:aws:kms:me-central-1:\d{12}:alias\/.+\/tfstate$/),
      });
    }
    // A string required_version override crashes checkov's JSON parser (checkov#7454).
    expect(json.terraform.required_version).toBeUndefined();
    for (const aws of json.provider?.aws ?? []) {
      expect(aws.region).toBe("me-central-1");
      expect(aws.allowed_account_ids).toEqual([expect.stringMatching(/^\d{12}$/)]);
      const tags = obj(list(aws.default_tags)[0]?.tags);
      for (const key of REQUIRED_TAG_KEYS) expect(tags[key]).toEqual(expect.any(String));
    }
  });

  test("no region other than me-central-1 appears anywhere in the output", () => {
    const region = /\b(?:us|eu|ap|sa|ca|me|af|il|mx)-(?:gov-)?(?:north|south|east|west|central|northeast|southeast|northwest|southwest)-\d\b/g;
    const found = new Set<string>();
    for (const json of stacks().values()) for (const m of JSON.stringify(json).match(region) ?? []) found.add(m);
    expect([...found]).toEqual(["me-central-1"]);
  });
});

describe("stateful resources are protected from destroy", () => {
  // prevent_destroy and friends per type: test/stacks/stateful-guards.test.ts
  test("KMS keys rotate and wait 30 days before deletion", () => {
    expect(resources("aws_kms_key").length).toBeGreaterThanOrEqual(12);
    for (const k of resources("aws_kms_key")) {
      expect(k.body).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
    }
  });

  test("the database has deletion protection and a deterministic final snapshot", () => {
    expect(resources("aws_db_instance")).toHaveLength(envs.length);
    for (const db of resources("aws_db_instance")) {
      expect(db.body).toMatchObject({
        deletion_protection: true,
        skip_final_snapshot: false,
        final_snapshot_identifier: `${db.body.identifier}-final`,
        storage_encrypted: true,
        iam_database_authentication_enabled: true,
        manage_master_user_password: true,
        publicly_accessible: false,
      });
    }
  });

  test("ECR repositories are immutable, scanned and KMS-encrypted", () => {
    expect(resources("aws_ecr_repository").length).toBeGreaterThan(0);
    for (const repo of resources("aws_ecr_repository")) {
      expect(repo.body).toMatchObject({
        image_tag_mutability: "IMMUTABLE",
        force_delete: false,
        image_scanning_configuration: { scan_on_push: true },
        encryption_configuration: [{ encryption_type: "KMS" }],
      });
    }
  });
});

test("every database uses a parameter group that forces TLS and loads pgaudit", () => {
  const databases = resources("aws_db_instance");
  expect(databases.length).toBeGreaterThan(0);
  for (const db of databases) {
    const pg = resources("aws_db_parameter_group").find((g) => g.stack === db.stack && refersTo(db.body.parameter_group_name, g));
    expect([label(db), pg === undefined]).toEqual([label(db), false]);
    const params = Object.fromEntries(list(pg!.body.parameter).map((p) => [p.name, p.value]));
    expect(params["rds.force_ssl"]).toBe("1");
    expect(String(params.shared_preload_libraries)).toContain("pgaudit");
  }
});

test("AWS Backup protects every database and data bucket in a locked, CMK-encrypted vault", () => {
  for (const env of envs) {
    const stack = `${env.name}-data`;
    const vaults = resources("aws_backup_vault").filter((v) => v.stack === stack);
    expect(vaults).toHaveLength(1);
    expect(String(vaults[0].body.kms_key_arn)).toMatch(/aws_kms_key/);
    expect(vaults[0].body.force_destroy).toBe(false);
    const lock = resources("aws_backup_vault_lock_configuration").find((l) => l.stack === stack);
    expect(lock?.body.max_retention_days).toBe(env.backup.retentionDays);
    expect(lock?.body.changeable_for_days).toEqual(env.profile === "enterprise" ? 3 : undefined);
    const selection = resources("aws_backup_selection").find((s) => s.stack === stack);
    const protectedArns = list(selection?.body.resources).map(String);
    const expected = resources("aws_db_instance", "aws_s3_bucket").filter((r) => r.stack === stack);
    expect(expected.length).toBe(1 + env.artifacts.buckets.length);
    for (const r of expected) expect([label(r), protectedArns.some((arn) => refersTo(arn, r))]).toEqual([label(r), true]);
    expect(JSON.stringify(resources("aws_backup_plan").filter((p) => p.stack === stack))).not.toContain("copy_action");
  }
});

describe("cluster", () => {
  test("EKS: private endpoint, secrets encryption, all log types, access entries only", () => {
    expect(resources("aws_eks_cluster")).toHaveLength(envs.length);
    for (const c of resources("aws_eks_cluster")) {
      expect(c.body).toMatchObject({
        vpc_config: { endpoint_private_access: true, endpoint_public_access: false },
        encryption_config: { resources: ["secrets"] },
        enabled_cluster_log_types: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
        access_config: { authentication_mode: "API", bootstrap_cluster_creator_admin_permissions: false },
        deletion_protection: true,
      });
    }
  });

  test("vpc-cni enforces network policy", () => {
    const cni = resources("aws_eks_addon").filter((a) => a.body.addon_name === "vpc-cni");
    expect(cni).toHaveLength(envs.length);
    for (const a of cni) expect(JSON.parse(String(a.body.configuration_values))).toEqual({ enableNetworkPolicy: "true" });
  });

  test("every node group launches from a launch template that requires IMDSv2 (hop limit 1) and encrypts gp3 root volumes with a CMK", () => {
    const groups = resources("aws_eks_node_group");
    expect(groups.length).toBe(envs.reduce((n, e) => n + e.nodePools.length, 0));
    for (const group of groups) {
      const ref = obj(group.body.launch_template);
      const lt = resources("aws_launch_template").find((t) => t.stack === group.stack && refersTo(ref.id, t));
      expect([label(group), lt === undefined]).toEqual([label(group), false]);
      expect(String(ref.version)).toMatch(/latest_version/);
    }
    for (const lt of resources("aws_launch_template")) {
      expect(lt.body.metadata_options).toMatchObject({ http_tokens: "required", http_put_response_hop_limit: 1 });
      const ebs = obj(list(lt.body.block_device_mappings)[0]?.ebs);
      expect(ebs).toMatchObject({ encrypted: "true", volume_type: "gp3", kms_key_id: expect.stringMatching(/aws_kms_key|^arn:aws:kms:/) });
    }
  });

  test("GPU node groups use the AL2023 NVIDIA AMI and carry the nvidia.com/gpu taint; the smb profile has none", () => {
    const gpu = resources("aws_eks_node_group").filter((g) => g.body.ami_type === "AL2023_x86_64_NVIDIA");
    expect([...new Set(gpu.map((g) => g.stack))].sort()).toEqual(envs.filter(hasGpu).map((e) => `${e.name}-cluster`).sort());
    expect(gpu.map((g) => g.stack)).toContain("enterprise-cluster");
    expect(envs.filter((e) => e.profile === "smb").some(hasGpu)).toBe(false);
    for (const g of gpu) {
      expect(g.body.taint).toContainEqual({ key: "nvidia.com/gpu", value: "true", effect: "NO_SCHEDULE" });
      expect(obj(g.body.labels)["nvidia.com/gpu.present"]).toBe("true");
    }
  });

  test("each node group's AMI matches its pool: NVIDIA for GPU, ARM for Graviton; the shipped smb pools are Graviton", () => {
    for (const env of envs) {
      for (const pool of env.nodePools) {
        const group = resources("aws_eks_node_group").find((g) => g.stack === `${env.name}-cluster` && g.body.node_group_name === pool.name);
        expect([env.name, pool.name, group?.body.ami_type]).toEqual([env.name, pool.name, amiTypeFor(pool)]);
      }
    }
    const smb = resources("aws_eks_node_group").filter((g) => g.stack === "smb-cluster");
    expect(smb.length).toBeGreaterThan(0);
    for (const g of smb) expect(g.body.ami_type).toBe("AL2023_ARM_64_STANDARD");
  });
});

describe("platform", () => {
  test("every Helm chart from a repository is pinned to an exact version and installed atomically", () => {
    const releases = resources("helm_release");
    expect(releases.length).toBeGreaterThan(0);
    for (const r of releases) {
      if (r.body.repository) expect([label(r), r.body.version]).toEqual([label(r), expect.stringMatching(/^\d+\.\d+\.\d+$/)]);
      expect(r.body.atomic).toBe(true);
    }
  });

  test("no chart value turns on privileged containers, host namespaces, root or Docker-in-Docker", () => {
    const releases = resources("helm_release");
    expect(releases.length).toBeGreaterThan(0);
    const unsafe = /"(privileged|hostNetwork|hostPID|hostIPC|allowPrivilegeEscalation)":\s*true|"runAsUser":\s*0\b|"runAsNonRoot":\s*false|"dind"|"add":\s*\[/;
    for (const r of releases) {
      const values = list(r.body.values).map(String).join("\n");
      expect([label(r), values]).not.toEqual([label(r), expect.stringMatching(unsafe)]);
    }
  });

  test("network policies only allow named peers: no rule without from/to, no empty peer", () => {
    const policies = resources("kubernetes_network_policy_v1");
    expect(policies.length).toBeGreaterThan(0);
    const problems: string[] = [];
    for (const p of policies) {
      const spec = obj(list(p.body.spec)[0] ?? p.body.spec);
      for (const [direction, peersKey] of [["ingress", "from"], ["egress", "to"]] as const) {
        for (const rule of list(spec[direction])) {
          const peers = list(rule[peersKey]);
          if (peers.length === 0) problems.push(`${label(p)}: ${direction} rule without ${peersKey}`);
          for (const peer of peers) if (Object.keys(peer).length === 0) problems.push(`${label(p)}: empty ${peersKey} peer`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  test("AWS Config delivers to a bucket without object lock (it refuses object-locked buckets)", () => {
    const channels = resources("aws_config_delivery_channel");
    expect(channels).toHaveLength(envs.filter((e) => e.security.awsConfig).length);
    for (const ch of channels) {
      const bucket = resources("aws_s3_bucket").find((b) => b.stack === ch.stack && refersTo(ch.body.s3_bucket_name, b));
      expect(bucket?.body.object_lock_enabled).toBeUndefined();
    }
  });

  test("namespaces enforce Pod Security; anything but restricted says why", () => {
    const namespaces = resources("kubernetes_namespace_v1");
    expect(namespaces.length).toBeGreaterThan(0);
    for (const ns of namespaces) {
      const metadata = obj(list(ns.body.metadata)[0]);
      const level = obj(metadata.labels)["pod-security.kubernetes.io/enforce"];
      expect(["restricted", "privileged", "baseline"]).toContain(level);
      if (level !== "restricted") expect(String(obj(metadata.annotations)["platform.mlops/pod-security-reason"])).toMatch(/.{20,}/);
    }
    const privileged = namespaces.filter((ns) => obj(obj(list(ns.body.metadata)[0]).labels)["pod-security.kubernetes.io/enforce"] !== "restricted");
    expect(privileged.map((ns) => `${ns.stack}:${String(obj(list(ns.body.metadata)[0]).name)}`).sort()).toEqual(
      envs.filter(hasGpu).map((e) => `${e.name}-platform:nvidia-device-plugin`).sort(),
    );
  });

  test("every namespace has a default-deny network policy", () => {
    for (const ns of resources("kubernetes_namespace_v1")) {
      const denies = resources("kubernetes_network_policy_v1").filter(
        (p) =>
          p.stack === ns.stack &&
          refersTo(obj(list(p.body.metadata)[0]).namespace, ns) &&
          JSON.stringify(p.body.spec) === JSON.stringify({ pod_selector: {}, policy_types: ["Ingress", "Egress"] }),
      );
      expect([label(ns), denies.length]).toEqual([label(ns), 1]);
    }
  });

  test("the kubernetes and helm providers use exec auth against a cluster found by name", () => {
    for (const [name, json] of stacks()) {
      if (!name.endsWith("-platform")) continue;
      const exec = { api_version: "client.authentication.k8s.io/v1beta1", command: "aws" };
      expect(json.provider?.kubernetes?.[0]).toMatchObject({ exec: [exec] });
      expect(obj(json.provider?.helm?.[0]?.kubernetes)).toMatchObject({ exec });
      expect(String(json.provider?.kubernetes?.[0]?.host)).toMatch(/^\$\{data\.aws_eks_cluster\./);
      expect(JSON.stringify(json.provider)).not.toMatch(/aws_eks_cluster_auth|"token"/);
    }
  });
});
