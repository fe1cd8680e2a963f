import { Construct } from "constructs";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketNotification } from "@cdktf/provider-aws/lib/s3-bucket-notification";
import { S3BucketObjectLockConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { protectionLifecycle, Unprotected } from "../policy/protection";
import { suppressCheck } from "../policy/suppressions";
import { PlatformKey } from "../security/platform-key";
import { PolicyStatement, policyDocument } from "../security/policy-document";

export const BucketEncryption = {
  /** SSE-KMS with a customer managed key. */
  KMS: "kms",
  /** SSE-S3: only for S3 server access log targets, which cannot use SSE-KMS. */
  S3_MANAGED: "s3-managed",
} as const;
export type BucketEncryption = (typeof BucketEncryption)[keyof typeof BucketEncryption];

export const ObjectLockMode = { COMPLIANCE: "COMPLIANCE", GOVERNANCE: "GOVERNANCE" } as const;
export type ObjectLockMode = (typeof ObjectLockMode)[keyof typeof ObjectLockMode];

export interface SecureBucketProps {
  readonly bucketName: string;
  /**
   * @default BucketEncryption.KMS
   */
  readonly encryption?: BucketEncryption;
  /** Key for SSE-KMS; required with BucketEncryption.KMS. */
  readonly encryptionKey?: PlatformKey;
  /**
   * Bucket that receives this bucket's S3 server access logs.
   * @default - none; only allowed for the access-log bucket itself (`serverAccessLogTarget`)
   */
  readonly accessLogBucket?: SecureBucket;
  /** @default - `<bucketName>/` */
  readonly accessLogPrefix?: string;
  /**
   * This bucket receives S3 server access logs: SSE-S3 (KMS is not supported for log
   * delivery), a policy that lets the logging service write, and no logging of itself.
   * @default false
   */
  readonly serverAccessLogTarget?: boolean;
  /** Account that owns the bucket; used to scope service grants. */
  readonly account: string;
  /**
   * Object lock default retention (WORM). Object lock can only be turned on at creation.
   * @default - no object lock
   */
  readonly objectLock?: { readonly mode: ObjectLockMode; readonly days: number };
  /**
   * Days to keep noncurrent object versions.
   * @default 90
   */
  readonly noncurrentVersionRetentionDays?: number;
  /**
   * Days after which current objects expire (log buckets).
   * @default - current objects never expire
   */
  readonly expirationDays?: number;
  /**
   * Extra bucket policy statements (service delivery grants). TLS-only is always added.
   * @default - none
   */
  readonly policyStatements?: readonly PolicyStatement[];
  /**
   * Lets a destroy or replacement through, with the reason recorded in the output.
   * @default - protected (prevent_destroy)
   */
  readonly unprotected?: Unprotected;
}

/**
 * An S3 bucket with the house defaults: SSE-KMS with a CMK, versioning, public access
 * blocked, ACLs disabled, TLS 1.2+ only, access logging, lifecycle, EventBridge
 * notifications, `force_destroy` off and `prevent_destroy` on.
 */
export class SecureBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly bucketName: string;
  readonly bucketArn: string;
  /** The bucket policy; services that write to the bucket depend on it. */
  readonly policy: S3BucketPolicy;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    const encryption = props.encryption ?? BucketEncryption.KMS;
    validate(props, encryption);

    this.bucket = new S3Bucket(this, "bucket", {
      bucket: props.bucketName,
      forceDestroy: props.unprotected?.discardData ?? false,
      objectLockEnabled: props.objectLock ? true : undefined,
    });
    protectionLifecycle(this.bucket, props.unprotected);
    if (props.serverAccessLogTarget) {
      suppressCheck(
        this.bucket,
        "CKV_AWS_145",
        "S3 server access log delivery only writes to buckets with SSE-S3 default encryption; SSE-KMS is not supported for log target buckets",
      );
    }
    this.bucketName = this.bucket.bucket;
    this.bucketArn = this.bucket.arn;
    const bucket = this.bucket.id;

    new S3BucketOwnershipControls(this, "ownership", {
      bucket,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    const publicAccessBlock = new S3BucketPublicAccessBlock(this, "public-access-block", {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    const versioning = new S3BucketVersioningA(this, "versioning", {
      bucket,
      versioningConfiguration: { status: "Enabled" },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket,
      rule: [
        encryption === BucketEncryption.KMS
          ? {
              applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.encryptionKey!.keyArn },
              bucketKeyEnabled: true,
            }
          : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
      ],
    });
    if (props.objectLock) {
      new S3BucketObjectLockConfigurationA(this, "object-lock", {
        bucket,
        rule: { defaultRetention: { mode: props.objectLock.mode, days: props.objectLock.days } },
        dependsOn: [versioning],
      });
    }
    if (props.accessLogBucket) {
      new S3BucketLoggingA(this, "access-logging", {
        bucket,
        targetBucket: props.accessLogBucket.bucketName,
        targetPrefix: props.accessLogPrefix ?? `${props.bucketName}/`,
      });
    }
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      bucket,
      rule: [
        {
          id: "retention",
          status: "Enabled",
          filter: [{ prefix: "" }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
          noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionRetentionDays ?? 90 }],
          expiration: props.expirationDays ? [{ days: props.expirationDays }] : undefined,
        },
      ],
      dependsOn: [versioning],
    });
    // Object-level events go to EventBridge, where audit and pipeline rules can react.
    new S3BucketNotification(this, "notifications", { bucket, eventbridge: true });

    const statements: PolicyStatement[] = [
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [this.bucketArn, `${this.bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
      {
        Sid: "DenyTlsBelow12",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [this.bucketArn, `${this.bucketArn}/*`],
        Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } },
      },
      ...(props.serverAccessLogTarget
        ? [
            {
              Sid: "AllowS3ServerAccessLogDelivery",
              Effect: "Allow" as const,
              Principal: { Service: "logging.s3.amazonaws.com" },
              Action: "s3:PutObject",
              Resource: `${this.bucketArn}/*`,
              Condition: { StringEquals: { "aws:SourceAccount": props.account } },
            },
          ]
        : []),
      ...(props.policyStatements ?? []),
    ];
    this.policy = new S3BucketPolicy(this, "policy", {
      bucket,
      policy: policyDocument(statements),
      // A policy put before the public access block can be judged public and refused.
      dependsOn: [publicAccessBlock],
    });
  }
}

function validate(props: SecureBucketProps, encryption: BucketEncryption): void {
  const name = props.bucketName;
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) || name.includes("..")) {
    throw new Error(`SecureBucket ${name}: bucketName must be 3-63 characters of a-z, 0-9, '.', '-'`);
  }
  if (encryption === BucketEncryption.KMS && !props.encryptionKey) {
    throw new Error(`SecureBucket ${name}: encryption KMS needs encryptionKey; pass a PlatformKey`);
  }
  if (encryption === BucketEncryption.S3_MANAGED && !props.serverAccessLogTarget) {
    throw new Error(
      `SecureBucket ${name}: encryption S3_MANAGED is only for serverAccessLogTarget buckets; use KMS with an encryptionKey`,
    );
  }
  if (props.serverAccessLogTarget && encryption !== BucketEncryption.S3_MANAGED) {
    throw new Error(
      `SecureBucket ${name}: serverAccessLogTarget needs encryption S3_MANAGED (S3 log delivery cannot write SSE-KMS objects)`,
    );
  }
  if (props.serverAccessLogTarget && props.objectLock) {
    throw new Error(`SecureBucket ${name}: serverAccessLogTarget cannot use objectLock (log delivery refuses default retention)`);
  }
  if (props.objectLock && props.unprotected) {
    throw new Error(`SecureBucket ${name}: objectLock and unprotected conflict; object-locked records must stay protected`);
  }
  if (!props.accessLogBucket && !props.serverAccessLogTarget) {
    throw new Error(`SecureBucket ${name}: accessLogBucket is required; pass the environment's access-log bucket`);
  }
}
