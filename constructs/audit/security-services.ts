import { Construct } from "constructs";
import { ConfigConfigurationRecorder } from "@cdktf/provider-aws/lib/config-configuration-recorder";
import { ConfigConfigurationRecorderStatus } from "@cdktf/provider-aws/lib/config-configuration-recorder-status";
import { ConfigDeliveryChannel } from "@cdktf/provider-aws/lib/config-delivery-channel";
import { GuarddutyDetector } from "@cdktf/provider-aws/lib/guardduty-detector";
import { GuarddutyDetectorFeature } from "@cdktf/provider-aws/lib/guardduty-detector-feature";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { SecurityhubAccount } from "@cdktf/provider-aws/lib/securityhub-account";
import { SecurityhubStandardsSubscription } from "@cdktf/provider-aws/lib/securityhub-standards-subscription";
import { PlatformKey } from "../security/platform-key";
import { PolicyStatement, policyDocument, serviceTrustPolicy } from "../security/policy-document";
import { SecureBucket } from "../storage/secure-bucket";

export interface SecurityServicesProps {
  readonly name: string;
  readonly region: string;
  readonly account: string;
  /** @default true */
  readonly guardDuty?: boolean;
  /** @default true */
  readonly securityHub?: boolean;
  /**
   * AWS Config recorder and delivery channel into `configBucket`.
   * @default true
   */
  readonly awsConfig?: boolean;
  /**
   * Required with awsConfig: a bucket WITHOUT object lock (AWS Config does not deliver to
   * object-locked buckets); its policy must carry `configDeliveryStatements`.
   */
  readonly configBucket?: SecureBucket;
  /** Key of configBucket; its policy must carry `configKeyStatements`. */
  readonly configKey?: PlatformKey;
  /** Prefix under which AWS Config writes, without slashes. */
  readonly configPrefix?: string;
}

/** Bucket policy statements AWS Config needs to deliver into the log archive. */
export function configDeliveryStatements(bucketArn: string, prefix: string, account: string): PolicyStatement[] {
  const source = { "aws:SourceAccount": account };
  return [
    {
      Sid: "ConfigAclCheck",
      Effect: "Allow",
      Principal: { Service: "config.amazonaws.com" },
      Action: ["s3:GetBucketAcl", "s3:ListBucket"],
      Resource: bucketArn,
      Condition: { StringEquals: source },
    },
    {
      Sid: "ConfigWrite",
      Effect: "Allow",
      Principal: { Service: "config.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: `${bucketArn}/${prefix}/AWSLogs/${account}/Config/*`,
      Condition: { StringEquals: { ...source, "s3:x-amz-acl": "bucket-owner-full-control" } },
    },
  ];
}

/** Key policy statements AWS Config needs to write SSE-KMS objects with the CMK. */
export function configKeyStatements(account: string): PolicyStatement[] {
  return [
    {
      Sid: "ConfigEncryptSnapshots",
      Effect: "Allow",
      Principal: { Service: "config.amazonaws.com" },
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: "*",
      Condition: { StringEquals: { "aws:SourceAccount": account } },
    },
  ];
}

const GUARDDUTY_FEATURES = ["S3_DATA_EVENTS", "EKS_AUDIT_LOGS", "EBS_MALWARE_PROTECTION", "RDS_LOGIN_EVENTS"] as const;

/**
 * Detective controls: GuardDuty (with S3, EKS audit, malware and RDS login protection),
 * Security Hub with the AWS Foundational and CIS standards, and AWS Config recording
 * every supported resource into its own bucket.
 */
export class SecurityServices extends Construct {
  constructor(scope: Construct, id: string, props: SecurityServicesProps) {
    super(scope, id);
    if (props.guardDuty ?? true) {
      const detector = new GuarddutyDetector(this, "guardduty", {
        enable: true,
        findingPublishingFrequency: "FIFTEEN_MINUTES",
      });
      for (const feature of GUARDDUTY_FEATURES) {
        new GuarddutyDetectorFeature(this, `guardduty-${feature.toLowerCase()}`, {
          detectorId: detector.id,
          name: feature,
          status: "ENABLED",
        });
      }
    }
    if (props.securityHub ?? true) {
      const hub = new SecurityhubAccount(this, "securityhub", {
        enableDefaultStandards: false,
        autoEnableControls: true,
        controlFindingGenerator: "SECURITY_CONTROL",
      });
      const standards = [
        `arn:aws:securityhub:${props.region}::standards/aws-foundational-security-best-practices/v/1.0.0`,
        `arn:aws:securityhub:${props.region}::standards/cis-aws-foundations-benchmark/v/3.0.0`,
      ];
      standards.forEach((arn, i) => {
        new SecurityhubStandardsSubscription(this, `securityhub-standard-${i}`, { standardsArn: arn, dependsOn: [hub] });
      });
    }
    if (props.awsConfig ?? true) {
      if (!props.configBucket || !props.configKey || !props.configPrefix) {
        throw new Error(`SecurityServices ${props.name}: awsConfig needs configBucket, configKey and configPrefix`);
      }
      const role = new IamRole(this, "config-role", {
        name: `${props.name}-aws-config`,
        assumeRolePolicy: serviceTrustPolicy("config.amazonaws.com"),
      });
      new IamRolePolicyAttachment(this, "config-role-policy", {
        role: role.name,
        policyArn: "arn:aws:iam::aws:policy/service-role/AWS_ConfigRole",
      });
      // AWS Config delivers as this role: it needs the bucket and the key, not just the service grant.
      const bucketArn = props.configBucket.bucketArn;
      const delivery = new IamRolePolicy(this, "config-delivery-policy", {
        role: role.id,
        policy: policyDocument([
          { Sid: "CheckBucket", Effect: "Allow", Action: ["s3:GetBucketAcl", "s3:ListBucket"], Resource: bucketArn },
          {
            Sid: "DeliverSnapshots",
            Effect: "Allow",
            Action: "s3:PutObject",
            Resource: `${bucketArn}/${props.configPrefix}/AWSLogs/${props.account}/Config/*`,
            Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control" } },
          },
          { Sid: "EncryptSnapshots", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: props.configKey.keyArn },
        ]),
      });
      const recorder = new ConfigConfigurationRecorder(this, "config-recorder", {
        name: props.name,
        roleArn: role.arn,
        recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
      });
      const channel = new ConfigDeliveryChannel(this, "config-channel", {
        name: props.name,
        s3BucketName: props.configBucket.bucketName,
        s3KeyPrefix: props.configPrefix,
        s3KmsKeyArn: props.configKey.keyArn,
        snapshotDeliveryProperties: { deliveryFrequency: "TwentyFour_Hours" },
        dependsOn: [recorder, props.configBucket.policy, delivery],
      });
      new ConfigConfigurationRecorderStatus(this, "config-recorder-status", {
        name: recorder.name,
        isEnabled: true,
        dependsOn: [channel],
      });
    }
  }
}
