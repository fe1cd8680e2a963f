import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { PlatformKey } from "../security/platform-key";
import { EksCluster } from "./eks-cluster";

/** AL2023 EKS AMI types (AWS stopped publishing AL2 EKS AMIs on 2025-11-26). */
export const NodeAmiType = {
  X86_64: "AL2023_x86_64_STANDARD",
  ARM64: "AL2023_ARM_64_STANDARD",
  NVIDIA: "AL2023_x86_64_NVIDIA",
} as const;
export type NodeAmiType = (typeof NodeAmiType)[keyof typeof NodeAmiType];

export type TaintEffect = "NoSchedule" | "PreferNoSchedule" | "NoExecute";

const EKS_TAINT_EFFECT: Record<TaintEffect, string> = {
  NoSchedule: "NO_SCHEDULE",
  PreferNoSchedule: "PREFER_NO_SCHEDULE",
  NoExecute: "NO_EXECUTE",
};

export interface NodePoolProps {
  readonly cluster: EksCluster;
  readonly poolName: string;
  readonly amiType: NodeAmiType;
  readonly instanceTypes: readonly string[];
  readonly minSize: number;
  readonly desiredSize: number;
  readonly maxSize: number;
  /** @default false - on-demand capacity */
  readonly spot?: boolean;
  readonly subnetIds: string[];
  /** Encrypts the root volumes. */
  readonly volumeKey: PlatformKey;
  readonly diskSizeGb: number;
  /** @default - none */
  readonly labels?: Record<string, string>;
  /** @default - none */
  readonly taints?: readonly { key: string; value?: string; effect: TaintEffect }[];
  /** Tags for instances and volumes: provider default tags do not reach what the ASG launches. */
  readonly tags: Record<string, string>;
  /** What must exist before nodes join (networking and credential add-ons). @default - none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A managed node group with its own launch template: IMDSv2 required with a hop limit
 * of 1 (pods cannot reach instance credentials), encrypted gp3 root volume with a CMK,
 * no SSH key, node auto-repair, and a desired size the cluster autoscaler may change
 * without Terraform fighting it.
 */
export class NodePool extends Construct {
  readonly nodeGroup: EksNodeGroup;

  constructor(scope: Construct, id: string, props: NodePoolProps) {
    super(scope, id);
    if (!(props.minSize <= props.desiredSize && props.desiredSize <= props.maxSize)) {
      throw new Error(
        `NodePool ${props.poolName}: expected minSize <= desiredSize <= maxSize (got ${props.minSize}, ${props.desiredSize}, ${props.maxSize})`,
      );
    }
    if (props.instanceTypes.length === 0) {
      throw new Error(`NodePool ${props.poolName}: instanceTypes needs at least one instance type`);
    }
    const template = new LaunchTemplate(this, "launch-template", {
      name: `${props.cluster.namePrefix}-${props.poolName}`,
      description: `Node pool ${props.poolName}: IMDSv2, encrypted gp3 root volume`,
      updateDefaultVersion: true,
      metadataOptions: {
        httpEndpoint: "enabled",
        httpTokens: "required",
        httpPutResponseHopLimit: 1,
        instanceMetadataTags: "disabled",
      },
      blockDeviceMappings: [
        {
          deviceName: "/dev/xvda",
          ebs: {
            volumeSize: props.diskSizeGb,
            volumeType: "gp3",
            encrypted: "true",
            kmsKeyId: props.volumeKey.keyArn,
            deleteOnTermination: "true",
          },
        },
      ],
      tagSpecifications: ["instance", "volume", "network-interface"].map((resourceType) => ({
        resourceType,
        tags: { ...props.tags, Name: `${props.cluster.namePrefix}-${props.poolName}` },
      })),
    });
    this.nodeGroup = new EksNodeGroup(this, "node-group", {
      clusterName: props.cluster.clusterName,
      nodeGroupName: props.poolName,
      nodeRoleArn: props.cluster.nodeRole.arn,
      subnetIds: props.subnetIds,
      amiType: props.amiType,
      capacityType: props.spot ? "SPOT" : "ON_DEMAND",
      instanceTypes: [...props.instanceTypes],
      scalingConfig: { minSize: props.minSize, desiredSize: props.desiredSize, maxSize: props.maxSize },
      launchTemplate: { id: template.id, version: template.latestVersion.toString() },
      labels: props.labels,
      taint: (props.taints ?? []).map((t) => ({ key: t.key, value: t.value, effect: EKS_TAINT_EFFECT[t.effect] })),
      updateConfig: { maxUnavailablePercentage: 33 },
      nodeRepairConfig: { enabled: true },
      lifecycle: { ignoreChanges: ["scaling_config[0].desired_size"] },
      dependsOn: props.dependsOn,
    });
  }
}
