import { Testing } from "cdktf";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EncryptedLogGroup } from "../../constructs/logging/encrypted-log-group";
import { suppressCheck } from "../../constructs/policy/suppressions";
import { PlatformKey } from "../../constructs/security/platform-key";
import { BucketEncryption, ObjectLockMode, SecureBucket, SecureBucketProps } from "../../constructs/storage/secure-bucket";
import { ACCOUNT, key, scope, synthJson } from "./helpers";

describe("PlatformKey", () => {
  test("rotation on, 30-day window, protected, service statements in the policy", () => {
    const out = Testing.synthScope((s) => {
      new PlatformKey(s, "k", {
        alias: "t/logs",
        description: "d",
        account: ACCOUNT,
        serviceStatements: [{ Sid: "Logs", Effect: "Allow", Principal: { Service: "logs.me-central-1.amazonaws.com" }, Action: "kms:Encrypt*", Resource: "*" }],
      });
    });
    expect(out).toHaveResourceWithProperties(KmsKey, {
      enable_key_rotation: true,
      deletion_window_in_days: 30,
      lifecycle: { prevent_destroy: true },
    });
    expect(out).toContain("logs.me-central-1.amazonaws.com");
  });

  test("refuses a deletion window outside 7-30 days", () => {
    expect(() => new PlatformKey(scope(), "k", { alias: "a", description: "d", account: ACCOUNT, deletionWindowInDays: 3 })).toThrow(
      "PlatformKey a: deletionWindowInDays must be 7-30 (got 3)",
    );
  });
});

describe("SecureBucket", () => {
  const build = (overrides: Partial<SecureBucketProps> = {}, withKey = true) => {
    const s = scope();
    const logs = new SecureBucket(s, "logs", {
      bucketName: "test-logs",
      account: ACCOUNT,
      encryption: BucketEncryption.S3_MANAGED,
      serverAccessLogTarget: true,
    });
    return new SecureBucket(s, "b", {
      bucketName: "test-data",
      account: ACCOUNT,
      encryptionKey: withKey ? key(s) : undefined,
      accessLogBucket: logs,
      ...overrides,
    });
  };

  test("SSE-KMS with the key, bucket key on, protected, TLS-only policy", () => {
    const out = Testing.synthScope((s) => {
      const logs = new SecureBucket(s, "logs", { bucketName: "test-logs", account: ACCOUNT, encryption: BucketEncryption.S3_MANAGED, serverAccessLogTarget: true });
      new SecureBucket(s, "b", { bucketName: "test-data", account: ACCOUNT, encryptionKey: key(s), accessLogBucket: logs });
    });
    expect(out).toHaveResourceWithProperties(S3Bucket, { bucket: "test-data", force_destroy: false, lifecycle: { prevent_destroy: true } });
    expect(out).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: "${aws_kms_key.key_F64E54E4.arn}" }, bucket_key_enabled: true }],
    });
    expect(out).toContain("aws:SecureTransport");
  });

  test("a log target records why it cannot use SSE-KMS, in the synthesized JSON", () => {
    const json = synthJson((s) => {
      new SecureBucket(s, "logs", { bucketName: "test-logs", account: ACCOUNT, encryption: BucketEncryption.S3_MANAGED, serverAccessLogTarget: true });
    });
    const bucket = Object.values(json.resource.aws_s3_bucket)[0];
    expect(bucket["//"]).toMatchObject({ checkov_suppressions: [{ id: "CKV_AWS_145", reason: expect.stringContaining("SSE-S3") }] });
  });

  test.each([
    [{ bucketName: "Bad_Name" }, true, "SecureBucket Bad_Name: bucketName must be 3-63 characters of a-z, 0-9, '.', '-'"],
    [{}, false, "SecureBucket test-data: encryption KMS needs encryptionKey; pass a PlatformKey"],
    [{ encryption: BucketEncryption.S3_MANAGED }, true, "SecureBucket test-data: encryption S3_MANAGED is only for serverAccessLogTarget buckets"],
    [{ serverAccessLogTarget: true }, true, "SecureBucket test-data: serverAccessLogTarget needs encryption S3_MANAGED"],
    [
      { serverAccessLogTarget: true, encryption: BucketEncryption.S3_MANAGED, objectLock: { mode: ObjectLockMode.COMPLIANCE, days: 1 } },
      true,
      "SecureBucket test-data: serverAccessLogTarget cannot use objectLock",
    ],
    [{ accessLogBucket: undefined }, true, "SecureBucket test-data: accessLogBucket is required"],
  ] as const)("refuses %j", (overrides, withKey, message) => {
    expect(() => build(overrides as Partial<SecureBucketProps>, withKey)).toThrow(message);
  });
});

describe("protection", () => {
  test("an unprotected bucket records why and drops prevent_destroy; discardData also empties it on destroy", () => {
    const json = synthJson((s) => {
      const logs = new SecureBucket(s, "logs", { bucketName: "test-logs", account: ACCOUNT, encryption: BucketEncryption.S3_MANAGED, serverAccessLogTarget: true });
      new SecureBucket(s, "b", { bucketName: "test-data", account: ACCOUNT, encryptionKey: key(s), accessLogBucket: logs, unprotected: { reason: "ephemeral test env", discardData: true } });
    });
    const bucket = Object.values(json.resource.aws_s3_bucket).find((b) => b.bucket === "test-data")!;
    expect(bucket.lifecycle).toBeUndefined();
    expect(bucket.force_destroy).toBe(true);
    expect(bucket["//"]).toMatchObject({ unprotected_reason: "ephemeral test env" });
  });

  test("object lock and unprotected conflict", () => {
    const s = scope();
    const logs = new SecureBucket(s, "logs", { bucketName: "test-logs", account: ACCOUNT, encryption: BucketEncryption.S3_MANAGED, serverAccessLogTarget: true });
    expect(
      () =>
        new SecureBucket(s, "b", {
          bucketName: "test-archive",
          account: ACCOUNT,
          encryptionKey: key(s),
          accessLogBucket: logs,
          objectLock: { mode: ObjectLockMode.GOVERNANCE, days: 90 },
          unprotected: { reason: "ephemeral test env" },
        }),
    ).toThrow("SecureBucket test-archive: objectLock and unprotected conflict; object-locked records must stay protected");
  });

  test("an unprotected resource needs a reason", () => {
    const s = scope();
    expect(() => new PlatformKey(s, "k", { alias: "a", description: "d", account: ACCOUNT, unprotected: { reason: " " } })).toThrow(
      "Unprotected: give a reason (who asked, where)",
    );
  });
});

describe("EncryptedLogGroup", () => {
  test("CMK, retention, protected", () => {
    const out = Testing.synthScope((s) => {
      new EncryptedLogGroup(s, "g", { logGroupName: "/t", encryptionKey: key(s), retention: { days: 365 } });
    });
    expect(out).toHaveResourceWithProperties(CloudwatchLogGroup, { name: "/t", retention_in_days: 365, lifecycle: { prevent_destroy: true } });
  });

  test("refuses a missing retention", () => {
    const s = scope();
    expect(() => new EncryptedLogGroup(s, "g", { logGroupName: "/t", encryptionKey: key(s), retention: { days: 0 } })).toThrow(
      "EncryptedLogGroup /t: retention.days must be set (never keep logs forever by accident)",
    );
  });

  test("refuses less than a year without a reason, and records the reason when given", () => {
    const s = scope();
    expect(() => new EncryptedLogGroup(s, "g", { logGroupName: "/t", encryptionKey: key(s), retention: { days: 90 } })).toThrow(
      "EncryptedLogGroup /t: retention.days 90 is below one year; give retention.shortRetentionReason or keep 365+ days",
    );
    const json = synthJson((s2) => {
      new EncryptedLogGroup(s2, "g", { logGroupName: "/t", encryptionKey: key(s2), retention: { days: 90, shortRetentionReason: "owner chose 90 days for the test environment" } });
    });
    expect(Object.values(json.resource.aws_cloudwatch_log_group)[0]["//"]).toMatchObject({ checkov_suppressions: [{ id: "CKV_AWS_338" }] });
  });
});

describe("suppressCheck", () => {
  test("refuses an id that is not a checkov id, and a reason too short to judge", () => {
    const s = scope();
    const g = new CloudwatchLogGroup(s, "g", { name: "/x" });
    expect(() => suppressCheck(g, "AWS_1", "a long enough reason for the reviewer")).toThrow('suppressCheck: "AWS_1" is not a checkov check id');
    expect(() => suppressCheck(g, "CKV_AWS_1", "because")).toThrow("suppressCheck CKV_AWS_1: give a reason a reviewer can judge (20+ characters)");
  });
});
