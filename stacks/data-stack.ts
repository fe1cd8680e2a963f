import { Construct } from "constructs";
import { BackupProtection, VaultLockMode } from "../constructs/backup/backup-protection";
import { ContainerRepository } from "../constructs/data/container-repository";
import { RegistryDatabase } from "../constructs/data/registry-database";
import { SecureBucket } from "../constructs/storage/secure-bucket";
import { Profile, type EnvironmentConfig } from "./config";
import { EnvironmentStack, logRetention, unprotectedFor } from "./environment-stack";
import type { FoundationStack } from "./foundation-stack";
import { artifactBucketName, databaseIdentifier, Layer } from "./naming";

/**
 * Model registry storage: the artifact buckets (models, datasets, pipelines), the
 * container repositories, and the PostgreSQL registry database in the isolated subnets.
 */
export class DataStack extends EnvironmentStack {
  readonly buckets: Record<string, SecureBucket>;
  readonly repositories: ContainerRepository[];
  readonly database: RegistryDatabase;

  constructor(scope: Construct, env: EnvironmentConfig, foundation: FoundationStack) {
    super(scope, env, Layer.DATA);
    this.buckets = Object.fromEntries(
      env.artifacts.buckets.map((purpose) => [
        purpose,
        new SecureBucket(this, `bucket-${purpose}`, {
          bucketName: artifactBucketName(env, purpose),
          account: env.account,
          encryptionKey: foundation.artifactsKey,
          accessLogBucket: foundation.accessLogBucket,
          noncurrentVersionRetentionDays: env.artifacts.noncurrentVersionRetentionDays,
          unprotected: unprotectedFor(env, "buckets"),
        }),
      ]),
    );
    this.repositories = env.artifacts.ecrRepositories.map(
      (name) =>
        new ContainerRepository(this, `ecr-${name.replace(/\//g, "--")}`, {
          repositoryName: `${env.name}/${name}`,
          encryptionKey: foundation.artifactsKey,
          unprotected: unprotectedFor(env, "repositories"),
        }),
    );
    this.database = new RegistryDatabase(this, "registry-db", {
      identifier: databaseIdentifier(env),
      engineVersion: env.database.engineVersion,
      instanceClass: env.database.instanceClass,
      allocatedStorageGb: env.database.allocatedStorageGb,
      maxAllocatedStorageGb: env.database.maxAllocatedStorageGb,
      multiAz: env.database.multiAz,
      singleAzReason: env.database.multiAz
        ? undefined
        : `database.multiAz is false in ${env.file} (profile ${env.profile}, lowest cost); the enterprise profile refuses a single-AZ database`,
      backupRetentionDays: env.database.backupRetentionDays,
      subnetIds: foundation.vpc.dataSubnetIds,
      vpcId: foundation.vpc.vpcId,
      encryptionKey: foundation.databaseKey,
      logKey: foundation.logsKey,
      logRetention: logRetention(env),
      unprotected: unprotectedFor(env, "database"),
    });
    // Recovery points stay in the environment's region (UAE residency): no copy action.
    new BackupProtection(this, "backup", {
      name: `${env.name}-data`,
      encryptionKey: foundation.backupKey,
      retentionDays: env.backup.retentionDays,
      lockMode: env.profile === Profile.ENTERPRISE ? VaultLockMode.COMPLIANCE : VaultLockMode.GOVERNANCE,
      resourceArns: [this.database.instance.arn, ...Object.values(this.buckets).map((b) => b.bucketArn)],
      unprotected: unprotectedFor(env, "backup-vault"),
    });
  }
}
