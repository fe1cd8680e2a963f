import { Construct } from "constructs";
import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { protectionLifecycle, Unprotected } from "../policy/protection";
import { PlatformKey } from "../security/platform-key";

export interface ContainerRepositoryProps {
  readonly repositoryName: string;
  readonly encryptionKey: PlatformKey;
  /**
   * Untagged images older than this are expired.
   * @default 14
   */
  readonly untaggedImageRetentionDays?: number;
  /**
   * Lets a destroy or replacement through, with the reason recorded in the output.
   * @default - protected (prevent_destroy)
   */
  readonly unprotected?: Unprotected;
}

/**
 * An ECR repository for training and serving images: immutable tags (a model version
 * always points at the same image), scan on push, KMS with a CMK, protected from destroy.
 */
export class ContainerRepository extends Construct {
  readonly repository: EcrRepository;
  readonly repositoryUrl: string;
  readonly repositoryArn: string;

  constructor(scope: Construct, id: string, props: ContainerRepositoryProps) {
    super(scope, id);
    this.repository = new EcrRepository(this, "repository", {
      name: props.repositoryName,
      imageTagMutability: "IMMUTABLE",
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [{ encryptionType: "KMS", kmsKey: props.encryptionKey.keyArn }],
      forceDelete: props.unprotected?.discardData ?? false,
    });
    protectionLifecycle(this.repository, props.unprotected);
    new EcrLifecyclePolicy(this, "lifecycle", {
      repository: this.repository.name,
      policy: JSON.stringify({
        rules: [
          {
            rulePriority: 1,
            description: "Expire untagged images",
            selection: {
              tagStatus: "untagged",
              countType: "sinceImagePushed",
              countUnit: "days",
              countNumber: props.untaggedImageRetentionDays ?? 14,
            },
            action: { type: "expire" },
          },
        ],
      }),
    });
    this.repositoryUrl = this.repository.repositoryUrl;
    this.repositoryArn = this.repository.arn;
  }
}
