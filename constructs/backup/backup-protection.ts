import { Construct } from "constructs";
import { BackupPlan } from "@cdktf/provider-aws/lib/backup-plan";
import { BackupSelection } from "@cdktf/provider-aws/lib/backup-selection";
import { BackupVault } from "@cdktf/provider-aws/lib/backup-vault";
import { BackupVaultLockConfiguration } from "@cdktf/provider-aws/lib/backup-vault-lock-configuration";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { protectionLifecycle, Unprotected } from "../policy/protection";
import { PlatformKey } from "../security/platform-key";
import { serviceTrustPolicy } from "../security/policy-document";

/** Continuous backups (point-in-time restore) can be kept at most 35 days. */
export const MAX_CONTINUOUS_BACKUP_DAYS = 35;

export const VaultLockMode = {
  /** After the grace days nobody, not even the account root, can shorten retention or delete recovery points. */
  COMPLIANCE: "compliance",
  /** Principals with the right IAM permissions can still remove the lock. */
  GOVERNANCE: "governance",
} as const;
export type VaultLockMode = (typeof VaultLockMode)[keyof typeof VaultLockMode];

export interface BackupProtectionProps {
  readonly name: string;
  /** Encrypts the recovery points in the vault. */
  readonly encryptionKey: PlatformKey;
  /** Days to keep the daily recovery points (at least 35: a month of PITR plus snapshots). */
  readonly retentionDays: number;
  readonly lockMode: VaultLockMode;
  /** ARNs of the database and buckets to protect. */
  readonly resourceArns: string[];
  /**
   * Grace period for a compliance lock before it becomes immutable.
   * @default 3
   */
  readonly lockGraceDays?: number;
  /**
   * Lets the vault be destroyed; with discardData, also with its recovery points and
   * without a vault lock (a lock would keep them).
   * @default - protected (prevent_destroy, vault lock)
   */
  readonly unprotected?: Unprotected;
}

/**
 * AWS Backup for the stateful data: a vault encrypted with a CMK and locked (compliance
 * or governance mode), a plan with continuous backups (point-in-time restore, 35 days)
 * and daily recovery points kept `retentionDays`, and a selection of the database and
 * data buckets. Recovery points stay in this region: no copy action leaves it.
 */
export class BackupProtection extends Construct {
  readonly vault: BackupVault;

  constructor(scope: Construct, id: string, props: BackupProtectionProps) {
    super(scope, id);
    if (props.retentionDays < MAX_CONTINUOUS_BACKUP_DAYS) {
      throw new Error(`BackupProtection ${props.name}: retentionDays must be at least ${MAX_CONTINUOUS_BACKUP_DAYS} (got ${props.retentionDays})`);
    }
    if (props.resourceArns.length === 0) {
      throw new Error(`BackupProtection ${props.name}: resourceArns needs at least one resource to protect`);
    }
    this.vault = new BackupVault(this, "vault", {
      name: props.name,
      kmsKeyArn: props.encryptionKey.keyArn,
      forceDestroy: props.unprotected?.discardData ?? false,
    });
    protectionLifecycle(this.vault, props.unprotected);
    if (!props.unprotected?.discardData) {
      new BackupVaultLockConfiguration(this, "vault-lock", {
        backupVaultName: this.vault.name,
        minRetentionDays: 7,
        maxRetentionDays: props.retentionDays,
        changeableForDays: props.lockMode === VaultLockMode.COMPLIANCE ? (props.lockGraceDays ?? 3) : undefined,
      });
    }
    const plan = new BackupPlan(this, "plan", {
      name: props.name,
      rule: [
        {
          ruleName: "continuous-pitr",
          targetVaultName: this.vault.name,
          enableContinuousBackup: true,
          lifecycle: { deleteAfter: MAX_CONTINUOUS_BACKUP_DAYS },
        },
        {
          ruleName: "daily",
          targetVaultName: this.vault.name,
          // 02:00 in the UAE (UTC+4), after the database's own backup window.
          schedule: "cron(0 22 * * ? *)",
          startWindow: 60,
          completionWindow: 480,
          lifecycle: { deleteAfter: props.retentionDays },
        },
      ],
    });
    const role = new IamRole(this, "role", {
      name: `${props.name}-backup`,
      assumeRolePolicy: serviceTrustPolicy("backup.amazonaws.com"),
    });
    const policies = [
      "service-role/AWSBackupServiceRolePolicyForBackup",
      "service-role/AWSBackupServiceRolePolicyForRestores",
      "AWSBackupServiceRolePolicyForS3Backup",
      "AWSBackupServiceRolePolicyForS3Restore",
    ].map(
      (policy) =>
        new IamRolePolicyAttachment(this, `role-${policy.split("/").pop()}`, {
          role: role.name,
          policyArn: `arn:aws:iam::aws:policy/${policy}`,
        }),
    );
    new BackupSelection(this, "selection", {
      name: `${props.name}-data`,
      planId: plan.id,
      iamRoleArn: role.arn,
      resources: props.resourceArns,
      dependsOn: policies,
    });
  }
}
