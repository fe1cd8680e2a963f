import { Construct } from "constructs";
import { AuditTrail, cloudTrailDeliveryStatements, cloudTrailKeyStatements, trailArn } from "../constructs/audit/audit-trail";
import { configDeliveryStatements, configKeyStatements, SecurityServices } from "../constructs/audit/security-services";
import { EncryptedLogGroup } from "../constructs/logging/encrypted-log-group";
import { PrivateEndpoints } from "../constructs/network/private-endpoints";
import { Egress, ZeroTrustVpc } from "../constructs/network/zero-trust-vpc";
import { PlatformKey } from "../constructs/security/platform-key";
import { PolicyStatement } from "../constructs/security/policy-document";
import { BucketEncryption, ObjectLockMode, SecureBucket } from "../constructs/storage/secure-bucket";
import { EnvironmentConfig, Profile } from "./config";
import { EnvironmentStack, logRetention, unprotectedFor } from "./environment-stack";
import {
  accessLogBucketName,
  artifactBucketName,
  clusterName,
  configBucketName,
  keyAlias,
  Layer,
  logArchiveBucketName,
  trailName,
} from "./naming";

const TRAIL_PREFIX = "cloudtrail";
const CONFIG_PREFIX = "config";

/** Key policy statement that lets CloudWatch Logs in this region use a key for this account's log groups. */
function cloudWatchLogsKeyStatement(env: EnvironmentConfig): PolicyStatement {
  return {
    Sid: "CloudWatchLogsUseKey",
    Effect: "Allow",
    Principal: { Service: `logs.${env.region}.amazonaws.com` },
    Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
    Resource: "*",
    Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${env.region}:${env.account}:*` } },
  };
}

/** EC2 Auto Scaling launches node volumes encrypted with the volume key through its service-linked role. */
function autoScalingVolumeStatements(env: EnvironmentConfig): PolicyStatement[] {
  const role = `arn:aws:iam::${env.account}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
  return [
    {
      Sid: "AutoScalingUseKey",
      Effect: "Allow",
      Principal: { AWS: role },
      Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
      Resource: "*",
    },
    {
      Sid: "AutoScalingGrantForVolumes",
      Effect: "Allow",
      Principal: { AWS: role },
      Action: "kms:CreateGrant",
      Resource: "*",
      Condition: { Bool: { "kms:GrantIsForAWSResource": true } },
    },
  ];
}

/**
 * Keys, zero-trust network and audit for one environment: a CMK per purpose, the VPC
 * with endpoints and flow logs, CloudTrail into an object-locked log archive, and the
 * detective security services the profile asks for.
 */
export class FoundationStack extends EnvironmentStack {
  readonly logsKey: PlatformKey;
  readonly artifactsKey: PlatformKey;
  readonly databaseKey: PlatformKey;
  readonly clusterKey: PlatformKey;
  readonly volumesKey: PlatformKey;
  readonly backupKey: PlatformKey;
  readonly accessLogBucket: SecureBucket;
  readonly logArchive: SecureBucket;
  readonly vpc: ZeroTrustVpc;

  constructor(scope: Construct, env: EnvironmentConfig) {
    super(scope, env, Layer.FOUNDATION);
    const trail = trailArn(env.region, env.account, trailName(env));
    const key = (purpose: string, description: string, serviceStatements: PolicyStatement[] = [], relaxable = true) =>
      new PlatformKey(this, `${purpose}-key`, {
        alias: keyAlias(env, purpose),
        description: `${description} (${env.name})`,
        account: env.account,
        serviceStatements,
        unprotected: relaxable ? unprotectedFor(env, "keys") : undefined,
      });

    // The logs key encrypts the log archive: like the archive, it is never relaxed.
    this.logsKey = key(
      "logs",
      "CloudWatch Logs, CloudTrail and the log archive",
      [
        cloudWatchLogsKeyStatement(env),
        ...cloudTrailKeyStatements(env.account, trail),
        ...(env.security.awsConfig ? configKeyStatements(env.account) : []),
      ],
      false,
    );
    this.artifactsKey = key("artifacts", "Model, dataset and pipeline artifacts and container images");
    this.databaseKey = key("database", "Model registry database, its snapshots and master secret");
    this.clusterKey = key("cluster", "EKS secrets envelope encryption");
    this.backupKey = key("backup", "AWS Backup recovery points of the database and data buckets");
    this.volumesKey = key("volumes", "EBS volumes of cluster nodes and persistent volumes", autoScalingVolumeStatements(env));

    this.accessLogBucket = new SecureBucket(this, "access-logs", {
      bucketName: accessLogBucketName(env),
      account: env.account,
      encryption: BucketEncryption.S3_MANAGED,
      serverAccessLogTarget: true,
      expirationDays: env.logging.retentionDays,
      noncurrentVersionRetentionDays: 30,
      unprotected: unprotectedFor(env, "buckets"),
    });
    const archiveName = logArchiveBucketName(env);
    const archiveArn = `arn:aws:s3:::${archiveName}`;
    this.logArchive = new SecureBucket(this, "log-archive", {
      bucketName: archiveName,
      account: env.account,
      encryptionKey: this.logsKey,
      accessLogBucket: this.accessLogBucket,
      // WORM: audit records cannot be altered or deleted before retention ends.
      objectLock: {
        mode: env.profile === Profile.ENTERPRISE ? ObjectLockMode.COMPLIANCE : ObjectLockMode.GOVERNANCE,
        days: env.logging.retentionDays,
      },
      expirationDays: env.logging.retentionDays + 30,
      noncurrentVersionRetentionDays: 30,
      policyStatements: cloudTrailDeliveryStatements(archiveArn, TRAIL_PREFIX, env.account, trail),
    });
    // AWS Config does not deliver to object-locked buckets, so it gets its own.
    const configBucketArn = `arn:aws:s3:::${configBucketName(env)}`;
    const configBucket = env.security.awsConfig
      ? new SecureBucket(this, "config-snapshots", {
          bucketName: configBucketName(env),
          account: env.account,
          encryptionKey: this.logsKey,
          accessLogBucket: this.accessLogBucket,
          expirationDays: env.logging.retentionDays,
          noncurrentVersionRetentionDays: 30,
          policyStatements: configDeliveryStatements(configBucketArn, CONFIG_PREFIX, env.account),
          unprotected: unprotectedFor(env, "buckets"),
        })
      : undefined;

    const logGroup = (id: string, name: string) =>
      new EncryptedLogGroup(this, id, {
        logGroupName: name,
        encryptionKey: this.logsKey,
        retention: logRetention(env),
        unprotected: unprotectedFor(env, "log-groups"),
      });

    this.vpc = new ZeroTrustVpc(this, "network", {
      name: env.name,
      cidr: env.network.vpcCidr,
      availabilityZoneIds: env.availabilityZoneIds,
      egress: env.network.egress === "nat" ? Egress.NAT : Egress.NONE,
      natGatewayPerAz: env.network.natGatewayPerAz,
      flowLogGroup: logGroup("flow-logs", `/mlops/${env.name}/vpc-flow-logs`),
      clusterName: clusterName(env),
    });
    new PrivateEndpoints(this, "endpoints", { vpc: this.vpc, region: env.region, account: env.account });

    new AuditTrail(this, "audit", {
      trailName: trailName(env),
      account: env.account,
      region: env.region,
      logArchive: this.logArchive,
      s3KeyPrefix: TRAIL_PREFIX,
      encryptionKey: this.logsKey,
      logGroup: logGroup("trail-logs", `/mlops/${env.name}/cloudtrail`),
      dataEventBucketArns: env.artifacts.buckets.map((purpose) => `arn:aws:s3:::${artifactBucketName(env, purpose)}`),
    });
    new SecurityServices(this, "security", {
      name: env.name,
      region: env.region,
      account: env.account,
      guardDuty: env.security.guardDuty,
      securityHub: env.security.securityHub,
      awsConfig: env.security.awsConfig,
      configBucket,
      configKey: this.logsKey,
      configPrefix: CONFIG_PREFIX,
    });
  }
}
