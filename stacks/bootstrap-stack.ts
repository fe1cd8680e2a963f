import { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import { PlatformKey } from "../constructs/security/platform-key";
import { BucketEncryption, ObjectLockMode, SecureBucket } from "../constructs/storage/secure-bucket";
import type { EnvironmentConfig } from "./config";
import { EnvironmentStack, unprotectedFor } from "./environment-stack";
import { keyAlias, Layer, STATE_KEY_PURPOSE, stateBucketName } from "./naming";

/**
 * Once per environment: the bucket that holds every other stack's Terraform state
 * (versioned, SSE-KMS with its own key, TLS-only, access-logged, protected from destroy).
 * Its own state stays local (terraform.<stack>.tfstate) until migrated into the bucket.
 */
export class BootstrapStack extends EnvironmentStack {
  readonly stateBucket: SecureBucket;

  constructor(scope: Construct, env: EnvironmentConfig) {
    super(scope, env, Layer.BOOTSTRAP);
    const key = new PlatformKey(this, "state-key", {
      alias: keyAlias(env, STATE_KEY_PURPOSE),
      description: `Terraform state of environment ${env.name}`,
      account: env.account,
      unprotected: unprotectedFor(env, "state"),
    });
    const accessLogs = new SecureBucket(this, "state-access-logs", {
      bucketName: `${stateBucketName(env)}-logs`,
      account: env.account,
      encryption: BucketEncryption.S3_MANAGED,
      serverAccessLogTarget: true,
      expirationDays: env.logging.retentionDays,
      noncurrentVersionRetentionDays: 30,
      unprotected: unprotectedFor(env, "state"),
    });
    this.stateBucket = new SecureBucket(this, "state", {
      bucketName: stateBucketName(env),
      account: env.account,
      encryptionKey: key,
      accessLogBucket: accessLogs,
      // Old state versions are the way back from a corrupted state: keep them a year.
      noncurrentVersionRetentionDays: 365,
      // Optional WORM on every state version: not even an admin can delete them early
      // (governance mode: a principal with s3:BypassGovernanceRetention still can).
      objectLock: env.state.objectLockDays ? { mode: ObjectLockMode.GOVERNANCE, days: env.state.objectLockDays } : undefined,
      unprotected: unprotectedFor(env, "state"),
    });
    new TerraformOutput(this, "state_bucket", { value: this.stateBucket.bucketName });
    new TerraformOutput(this, "state_key_arn", { value: key.keyArn });
  }
}
