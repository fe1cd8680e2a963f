import { Construct } from "constructs";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { protectionLifecycle, Unprotected } from "../policy/protection";
import { PolicyStatement, policyDocument } from "./policy-document";

export interface PlatformKeyProps {
  /** Alias without the `alias/` prefix, e.g. `enterprise/logs`. */
  readonly alias: string;
  readonly description: string;
  /** Account that owns the key; its root principal administers it through IAM. */
  readonly account: string;
  /**
   * Extra key policy statements for the AWS services that use the key
   * (CloudWatch Logs, CloudTrail, ...).
   * @default - only the account's IAM policies grant use of the key
   */
  readonly serviceStatements?: readonly PolicyStatement[];
  /**
   * Days KMS waits before deleting the key once scheduled.
   * @default 30 - the maximum, so a mistaken deletion can be cancelled
   */
  readonly deletionWindowInDays?: number;
  /**
   * Lets a destroy or replacement through, with the reason recorded in the output.
   * @default - protected (prevent_destroy)
   */
  readonly unprotected?: Unprotected;
}

/**
 * A customer managed KMS key for one purpose: rotation on, 30-day deletion window,
 * a key policy scoped to the account and named services, protected from destroy.
 */
export class PlatformKey extends Construct {
  readonly key: KmsKey;
  readonly keyArn: string;
  readonly keyId: string;
  readonly aliasName: string;

  constructor(scope: Construct, id: string, props: PlatformKeyProps) {
    super(scope, id);
    const window = props.deletionWindowInDays ?? 30;
    if (window < 7 || window > 30) {
      throw new Error(`PlatformKey ${props.alias}: deletionWindowInDays must be 7-30 (got ${window})`);
    }
    const statements: PolicyStatement[] = [
      {
        Sid: "AccountAdministersKeyThroughIam",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${props.account}:root` },
        Action: "kms:*",
        Resource: "*",
      },
      ...(props.serviceStatements ?? []),
    ];
    this.key = new KmsKey(this, "key", {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: window,
      policy: policyDocument(statements),
    });
    // The deletion window stays 30 days either way: a scheduled deletion can be cancelled.
    protectionLifecycle(this.key, props.unprotected);
    this.aliasName = `alias/${props.alias}`;
    new KmsAlias(this, "alias", { name: this.aliasName, targetKeyId: this.key.keyId });
    this.keyArn = this.key.arn;
    this.keyId = this.key.keyId;
  }
}
