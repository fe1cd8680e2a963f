import { Testing } from "cdktf";
import { BackupVaultLockConfiguration } from "@cdktf/provider-aws/lib/backup-vault-lock-configuration";
import { BackupProtection, BackupProtectionProps, VaultLockMode } from "../../constructs/backup/backup-protection";
import { key, scope } from "./helpers";

const props = (overrides: Partial<BackupProtectionProps> = {}): Omit<BackupProtectionProps, "encryptionKey"> => ({
  name: "t-data",
  retentionDays: 365,
  lockMode: VaultLockMode.COMPLIANCE,
  resourceArns: ["arn:aws:rds:me-central-1:123456789012:db:t"],
  ...overrides,
});

test("a compliance lock becomes immutable after the grace days; governance has none", () => {
  const compliance = Testing.synthScope((s) => new BackupProtection(s, "b", { ...props(), encryptionKey: key(s) }));
  expect(compliance).toHaveResourceWithProperties(BackupVaultLockConfiguration, { changeable_for_days: 3, max_retention_days: 365 });
  const governance = Testing.synthScope((s) => new BackupProtection(s, "b", { ...props({ lockMode: VaultLockMode.GOVERNANCE }), encryptionKey: key(s) }));
  const lock = Object.values((JSON.parse(governance) as { resource: { aws_backup_vault_lock_configuration: Record<string, object> } }).resource.aws_backup_vault_lock_configuration)[0];
  expect(lock).not.toHaveProperty("changeable_for_days");
});

test("continuous backups for point-in-time restore and daily points kept retentionDays, no copy out of the region", () => {
  const json = JSON.parse(Testing.synthScope((s) => new BackupProtection(s, "b", { ...props(), encryptionKey: key(s) }))) as {
    resource: { aws_backup_plan: Record<string, { rule: { rule_name: string; enable_continuous_backup?: boolean; lifecycle: { delete_after: number }; copy_action?: unknown }[] }> };
  };
  const rules = Object.values(json.resource.aws_backup_plan)[0].rule;
  expect(rules.map((r) => [r.rule_name, r.enable_continuous_backup ?? false, r.lifecycle.delete_after])).toEqual([
    ["continuous-pitr", true, 35],
    ["daily", false, 365],
  ]);
  for (const r of rules) expect(r.copy_action).toBeUndefined();
});

test.each([
  [{ retentionDays: 30 }, "BackupProtection t-data: retentionDays must be at least 35 (got 30)"],
  [{ resourceArns: [] }, "BackupProtection t-data: resourceArns needs at least one resource to protect"],
])("refuses %j", (overrides, message) => {
  const s = scope();
  expect(() => new BackupProtection(s, "b", { ...props(overrides), encryptionKey: key(s) })).toThrow(message);
});
