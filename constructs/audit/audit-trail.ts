import { Construct } from "constructs";
import { Cloudtrail } from "@cdktf/provider-aws/lib/cloudtrail";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { EncryptedLogGroup } from "../logging/encrypted-log-group";
import { PlatformKey } from "../security/platform-key";
import { PolicyStatement, policyDocument, serviceTrustPolicy } from "../security/policy-document";
import { SecureBucket } from "../storage/secure-bucket";

export interface AuditTrailProps {
  readonly trailName: string;
  readonly account: string;
  readonly region: string;
  /** Object-locked bucket that keeps the trail's log files; its policy must carry `cloudTrailDeliveryStatements`. */
  readonly logArchive: SecureBucket;
  /** Prefix under which CloudTrail writes, without slashes. */
  readonly s3KeyPrefix: string;
  /** Key that encrypts the log files; its policy must carry `cloudTrailKeyStatements`. */
  readonly encryptionKey: PlatformKey;
  /** Log group that receives the trail too, for metric filters and alarms. */
  readonly logGroup: EncryptedLogGroup;
  /**
   * S3 bucket ARNs whose object-level reads and writes are recorded as data events.
   * @default - management events only
   */
  readonly dataEventBucketArns?: readonly string[];
}

/** Trail ARN for a name, known before the trail exists (policies need it first). */
export function trailArn(region: string, account: string, name: string): string {
  return `arn:aws:cloudtrail:${region}:${account}:trail/${name}`;
}

/** Bucket policy statements CloudTrail needs to deliver into the log archive. */
export function cloudTrailDeliveryStatements(bucketArn: string, prefix: string, account: string, sourceTrailArn: string): PolicyStatement[] {
  const condition = { StringEquals: { "aws:SourceArn": sourceTrailArn } };
  return [
    {
      Sid: "CloudTrailAclCheck",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "s3:GetBucketAcl",
      Resource: bucketArn,
      Condition: condition,
    },
    {
      Sid: "CloudTrailWrite",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: `${bucketArn}/${prefix}/AWSLogs/${account}/*`,
      Condition: { StringEquals: { ...condition.StringEquals, "s3:x-amz-acl": "bucket-owner-full-control" } },
    },
  ];
}

/** Key policy statements CloudTrail needs to encrypt log files with the CMK. */
export function cloudTrailKeyStatements(account: string, sourceTrailArn: string): PolicyStatement[] {
  return [
    {
      Sid: "CloudTrailEncryptLogs",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "kms:GenerateDataKey*",
      Resource: "*",
      Condition: {
        StringEquals: { "aws:SourceArn": sourceTrailArn },
        StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:aws:cloudtrail:*:${account}:trail/*` },
      },
    },
    {
      Sid: "CloudTrailDescribeKey",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "kms:DescribeKey",
      Resource: "*",
      Condition: { StringEquals: { "aws:SourceArn": sourceTrailArn } },
    },
  ];
}

/**
 * A multi-region CloudTrail with log file validation and KMS encryption into the
 * object-locked log archive, also streamed to CloudWatch Logs. Created after the
 * bucket policy, or CloudTrail refuses the bucket.
 */
export class AuditTrail extends Construct {
  readonly trail: Cloudtrail;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    const role = new IamRole(this, "cloudwatch-role", {
      name: `${props.trailName}-cloudwatch`,
      assumeRolePolicy: serviceTrustPolicy("cloudtrail.amazonaws.com"),
    });
    new IamRolePolicy(this, "cloudwatch-policy", {
      role: role.id,
      policy: policyDocument([
        {
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: `${props.logGroup.logGroupArn}:log-stream:*`,
        },
      ]),
    });
    const dataEvents = props.dataEventBucketArns ?? [];
    this.trail = new Cloudtrail(this, "trail", {
      name: props.trailName,
      s3BucketName: props.logArchive.bucketName,
      s3KeyPrefix: props.s3KeyPrefix,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      enableLogging: true,
      kmsKeyId: props.encryptionKey.keyArn,
      cloudWatchLogsGroupArn: `${props.logGroup.logGroupArn}:*`,
      cloudWatchLogsRoleArn: role.arn,
      advancedEventSelector: [
        {
          name: "Management events",
          fieldSelector: [{ field: "eventCategory", equalTo: ["Management"] }],
        },
        ...(dataEvents.length > 0
          ? [
              {
                name: "Object-level events on data buckets",
                fieldSelector: [
                  { field: "eventCategory", equalTo: ["Data"] },
                  { field: "resources.type", equalTo: ["AWS::S3::Object"] },
                  { field: "resources.ARN", startsWith: dataEvents.map((arn) => `${arn}/`) },
                ],
              },
            ]
          : []),
      ],
      dependsOn: [props.logArchive.policy],
    });
  }
}
