import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { obj, Resource, SHIPPED_ENVIRONMENTS, synthesizeEnvironment } from "../support/synthesized";

type Body = Record<string, unknown>;
type Resources = Map<string, Resource>;

const smb = parse(readFileSync(join(SHIPPED_ENVIRONMENTS, "smb.yaml"), "utf8")) as Record<string, unknown>;
const synthesize = (doc: Record<string, unknown>): Resources => synthesizeEnvironment("smb.yaml", doc);

/**
 * Attributes whose change makes Terraform replace the resource (AWS provider: ForceNew).
 * A replacement destroys the old one, so on these types it must be blocked unless the
 * environment file allows it.
 */
const REPLACED_ON_CHANGE: Record<string, string[]> = {
  aws_db_instance: ["identifier", "engine", "kms_key_id", "storage_encrypted", "db_name", "username"],
  aws_s3_bucket: ["bucket", "object_lock_enabled"],
  aws_kms_key: ["customer_master_key_spec", "key_usage", "multi_region"],
  aws_ecr_repository: ["name", "encryption_configuration"],
  aws_eks_cluster: ["name", "encryption_config", "kubernetes_network_config"],
  aws_backup_vault: ["name", "kms_key_arn"],
};

const preventDestroy = (body: Body) => obj(body.lifecycle).prevent_destroy === true;
const reason = (body: Body) => obj(body["//"]).unprotected_reason;

/** Stateful resources whose replacement-forcing attributes differ between two syntheses. */
function replaced(before: Resources, after: Resources): string[] {
  return [...after.entries()]
    .filter(([address, { type, body }]) => {
      const old = before.get(address);
      return old !== undefined && (REPLACED_ON_CHANGE[type] ?? []).some((a) => JSON.stringify(old.body[a]) !== JSON.stringify(body[a]));
    })
    .map(([address]) => address);
}

const baseline = synthesize(smb);

describe("changes that replace stateful resources need allowReplace", () => {
  // A VPC in 172.20.0.0/16 moves the cluster's service CIDR to 10.100.0.0/16 (replaces the
  // cluster); a new account renames every bucket, repository key and vault.
  test.each([
    ["network.vpcCidr", { network: { ...(smb.network as object), vpcCidr: "172.20.0.0/16" } }, ["aws_eks_cluster"]],
    ["account", { account: "999988887777", cluster: { access: [{ principalArn: "arn:aws:iam::999988887777:role/PlatformAdmin", role: "platform-admin" }] } }, ["aws_s3_bucket"]],
  ])("a change of %s replaces stateful resources, and prevent_destroy refuses it", (_, change, types) => {
    const after = synthesize({ ...smb, ...change });
    const hit = replaced(baseline, after);
    for (const type of types) expect(hit.some((a) => a.includes(`/${type}.`))).toBe(true);
    for (const address of hit) expect([address, preventDestroy(after.get(address)!.body)]).toEqual([address, true]);
  });

  test("with allowReplace: [cluster], the cluster's replacement goes through, with the reason recorded; nothing else is relaxed", () => {
    const after = synthesize({ ...smb, network: { ...(smb.network as object), vpcCidr: "172.20.0.0/16" }, allowReplace: ["cluster"] });
    const cluster = [...after.entries()].find(([, r]) => r.type === "aws_eks_cluster")![1].body;
    expect(preventDestroy(cluster)).toBe(false);
    expect(cluster.deletion_protection).toBe(false);
    expect(reason(cluster)).toBe("allowReplace lists cluster in smb.yaml");
    const others = [...after.values()].filter((r) => r.type in REPLACED_ON_CHANGE && r.type !== "aws_eks_cluster");
    expect(others.length).toBeGreaterThan(10);
    for (const r of others) expect(preventDestroy(r.body)).toBe(true);
  });
});

test("state.objectLockDays puts every state version under a governance-mode lock", () => {
  const after = synthesize({ ...smb, state: { objectLockDays: 30 } });
  const state = [...after.entries()].find(([a, r]) => a.startsWith("smb-bootstrap/") && r.type === "aws_s3_bucket" && r.body.bucket === "smb-tfstate-444455556666")!;
  expect(state[1].body.object_lock_enabled).toBe(true);
  const lock = [...after.values()].find((r) => r.type === "aws_s3_bucket_object_lock_configuration" && JSON.stringify(r.body).includes("state_bucket"));
  expect(lock?.body.rule).toEqual({ default_retention: { mode: "GOVERNANCE", days: 30 } });
  const unlocked = [...baseline.values()].find((r) => r.type === "aws_s3_bucket" && r.body.bucket === "smb-tfstate-444455556666");
  expect(unlocked?.body.object_lock_enabled).toBeUndefined();
});

test("an ephemeral environment relaxes every guard but the log archive's, and still takes a final database snapshot", () => {
  const after = synthesize({ ...smb, ephemeral: true });
  const stateful = [...after.entries()].filter(([, r]) => r.type in REPLACED_ON_CHANGE || r.type === "aws_cloudwatch_log_group");
  const archive = stateful.filter(([, r]) => String(r.body.bucket ?? "").includes("-log-archive-") || String(r.body.description ?? "").includes("log archive"));
  expect(archive).toHaveLength(2); // the bucket and its key
  for (const [address, r] of stateful) {
    if (archive.some(([a]) => a === address)) {
      expect([address, preventDestroy(r.body), reason(r.body)]).toEqual([address, true, undefined]);
    } else {
      expect([address, preventDestroy(r.body), reason(r.body)]).toEqual([address, false, expect.stringContaining("ephemeral: true")]);
    }
  }
  const db = stateful.find(([, r]) => r.type === "aws_db_instance")![1].body;
  expect(db).toMatchObject({ deletion_protection: false, skip_final_snapshot: false, final_snapshot_identifier: "smb-model-registry-final" });
  const buckets = stateful.filter(([, r]) => r.type === "aws_s3_bucket");
  for (const [address, r] of buckets) expect([address, r.body.force_destroy]).toEqual([address, !String(r.body.bucket).includes("-log-archive-")]);
});
