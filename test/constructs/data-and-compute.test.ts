import { Construct } from "constructs";
import { Testing } from "cdktf";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import { EksCluster } from "../../constructs/compute/eks-cluster";
import { NodeAmiType, NodePool, NodePoolProps } from "../../constructs/compute/node-pool";
import { RegistryDatabase, RegistryDatabaseProps } from "../../constructs/data/registry-database";
import { key, scope, synthJson } from "./helpers";

const dbProps = (s: Construct, overrides: Partial<RegistryDatabaseProps> = {}): RegistryDatabaseProps => ({
  identifier: "t-registry",
  engineVersion: "17",
  instanceClass: "db.t4g.medium",
  allocatedStorageGb: 20,
  maxAllocatedStorageGb: 100,
  multiAz: true,
  backupRetentionDays: 7,
  subnetIds: ["subnet-a", "subnet-b"],
  vpcId: "vpc-1",
  encryptionKey: key(s, "db-key"),
  logKey: key(s, "logs-key"),
  logRetention: { days: 365 },
  ...overrides,
});

describe("RegistryDatabase", () => {
  test("private, encrypted, IAM auth, managed password, protected, final snapshot", () => {
    const out = Testing.synthScope((s) => new RegistryDatabase(s, "db", dbProps(s)));
    expect(out).toHaveResourceWithProperties(DbInstance, {
      identifier: "t-registry",
      publicly_accessible: false,
      storage_encrypted: true,
      iam_database_authentication_enabled: true,
      manage_master_user_password: true,
      deletion_protection: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: "t-registry-final",
      multi_az: true,
      lifecycle: { prevent_destroy: true },
    });
  });

  test("unprotected: deletion protection off with its reason as a checkov suppression, final snapshot still taken", () => {
    const json = synthJson((s) => new RegistryDatabase(s, "db", dbProps(s, { unprotected: { reason: "allowReplace lists database in t.yaml" } })));
    const db = Object.values(json.resource.aws_db_instance)[0];
    expect(db).toMatchObject({ deletion_protection: false, skip_final_snapshot: false, final_snapshot_identifier: "t-registry-final" });
    expect(db.lifecycle).toBeUndefined();
    expect(db["//"]).toMatchObject({
      unprotected_reason: "allowReplace lists database in t.yaml",
      checkov_suppressions: [{ id: "CKV_AWS_293", reason: "deletion protection off: allowReplace lists database in t.yaml" }],
    });
  });

  test.each([
    [{ subnetIds: ["subnet-a"] }, "RegistryDatabase t-registry: subnetIds needs at least 2 subnets in different AZs (RDS requires it)"],
    [{ backupRetentionDays: 3 }, "RegistryDatabase t-registry: backupRetentionDays must be 7-35 (got 3)"],
    [{ multiAz: false }, "RegistryDatabase t-registry: multiAz false needs singleAzReason (a standby survives an AZ loss)"],
  ])("refuses %j", (overrides, message) => {
    const s = scope();
    expect(() => new RegistryDatabase(s, "db", dbProps(s, overrides))).toThrow(message);
  });
});

describe("EksCluster and NodePool", () => {
  const cluster = (s: Construct) =>
    new EksCluster(s, "eks", {
      clusterName: "t-mlops",
      version: "1.34",
      subnetIds: ["subnet-a", "subnet-b"],
      secretsKey: key(s, "secrets-key"),
      logKey: key(s, "logs-key"),
      logRetention: { days: 365 },
      access: [{ principalArn: "arn:aws:iam::123456789012:role/Admin", kubernetesGroups: ["mlops:platform-admins"], clusterAdmin: true }],
      serviceIpv4Cidr: "172.20.0.0/16",
    });
  const poolProps = (s: Construct, overrides: Partial<NodePoolProps> = {}): NodePoolProps => ({
    cluster: cluster(s),
    poolName: "gpu",
    amiType: NodeAmiType.NVIDIA,
    instanceTypes: ["g5.xlarge"],
    minSize: 0,
    desiredSize: 1,
    maxSize: 2,
    subnetIds: ["subnet-a"],
    volumeKey: key(s, "volumes-key"),
    diskSizeGb: 100,
    taints: [{ key: "nvidia.com/gpu", value: "true", effect: "NoSchedule" }],
    tags: { environment: "t" },
    ...overrides,
  });

  test("node groups take the AMI type, taints in EKS form, and leave desired size to the autoscaler", () => {
    const out = Testing.synthScope((s) => new NodePool(s, "pool", poolProps(s)));
    expect(out).toHaveResourceWithProperties(EksNodeGroup, {
      ami_type: "AL2023_x86_64_NVIDIA",
      taint: [{ key: "nvidia.com/gpu", value: "true", effect: "NO_SCHEDULE" }],
      lifecycle: { ignore_changes: ["scaling_config[0].desired_size"] },
      node_repair_config: { enabled: true },
    });
  });

  test.each([
    [{ minSize: 2, desiredSize: 1 }, "NodePool gpu: expected minSize <= desiredSize <= maxSize (got 2, 1, 2)"],
    [{ instanceTypes: [] }, "NodePool gpu: instanceTypes needs at least one instance type"],
  ])("refuses %j", (overrides, message) => {
    const s = scope();
    expect(() => new NodePool(s, "pool", poolProps(s, overrides))).toThrow(message);
  });
});
