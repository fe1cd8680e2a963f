import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { PlatformKey } from "../security/platform-key";

export interface EncryptedLogGroupProps {
  readonly logGroupName: string;
  /** CMK whose key policy lets CloudWatch Logs in this region use it. */
  readonly encryptionKey: PlatformKey;
  /** Days to keep events; one of CloudWatch's retention values. */
  readonly retentionDays: number;
}

/** A CloudWatch log group encrypted with a CMK, with retention, protected from destroy. */
export class EncryptedLogGroup extends Construct {
  readonly logGroup: CloudwatchLogGroup;
  readonly logGroupName: string;
  readonly logGroupArn: string;

  constructor(scope: Construct, id: string, props: EncryptedLogGroupProps) {
    super(scope, id);
    if (!(props.retentionDays > 0)) {
      throw new Error(`EncryptedLogGroup ${props.logGroupName}: retentionDays must be set (never keep logs forever by accident)`);
    }
    this.logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: props.logGroupName,
      kmsKeyId: props.encryptionKey.keyArn,
      retentionInDays: props.retentionDays,
      lifecycle: { preventDestroy: true },
    });
    this.logGroupName = this.logGroup.name;
    this.logGroupArn = this.logGroup.arn;
  }
}
