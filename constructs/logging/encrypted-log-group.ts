import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { protectionLifecycle, Unprotected } from "../policy/protection";
import { suppressCheck } from "../policy/suppressions";
import { PlatformKey } from "../security/platform-key";

/** One year: below it, checkov's CKV_AWS_338 fails unless a reason is given. */
export const ONE_YEAR_DAYS = 365;

export interface LogRetention {
  /** Days to keep events; one of CloudWatch's retention values. */
  readonly days: number;
  /**
   * Why less than a year is enough (e.g. the environment owner's documented period).
   * Required below one year; recorded as a suppression in the synthesized output.
   */
  readonly shortRetentionReason?: string;
}

export interface EncryptedLogGroupProps {
  readonly logGroupName: string;
  /** CMK whose key policy lets CloudWatch Logs in this region use it. */
  readonly encryptionKey: PlatformKey;
  readonly retention: LogRetention;
  /**
   * Lets a destroy or replacement through, with the reason recorded in the output.
   * @default - protected (prevent_destroy)
   */
  readonly unprotected?: Unprotected;
}

/** A CloudWatch log group encrypted with a CMK, with retention, protected from destroy. */
export class EncryptedLogGroup extends Construct {
  readonly logGroup: CloudwatchLogGroup;
  readonly logGroupName: string;
  readonly logGroupArn: string;

  constructor(scope: Construct, id: string, props: EncryptedLogGroupProps) {
    super(scope, id);
    const { days, shortRetentionReason } = props.retention;
    if (!(days > 0)) {
      throw new Error(`EncryptedLogGroup ${props.logGroupName}: retention.days must be set (never keep logs forever by accident)`);
    }
    if (days < ONE_YEAR_DAYS && !shortRetentionReason?.trim()) {
      throw new Error(
        `EncryptedLogGroup ${props.logGroupName}: retention.days ${days} is below one year; give retention.shortRetentionReason or keep ${ONE_YEAR_DAYS}+ days`,
      );
    }
    this.logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: props.logGroupName,
      kmsKeyId: props.encryptionKey.keyArn,
      retentionInDays: days,
    });
    protectionLifecycle(this.logGroup, props.unprotected);
    if (days < ONE_YEAR_DAYS) suppressCheck(this.logGroup, "CKV_AWS_338", shortRetentionReason!);
    this.logGroupName = this.logGroup.name;
    this.logGroupArn = this.logGroup.arn;
  }
}
