import { Construct } from "constructs";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { ClusterAccess, EksCluster } from "../constructs/compute/eks-cluster";
import { NodeAmiType, NodePool } from "../constructs/compute/node-pool";
import { cidrsOverlap, parseCidr } from "../constructs/network/ipv4";
import { policyDocument, serviceTrustPolicy } from "../constructs/security/policy-document";
import { Architecture, describeInstanceType } from "./instance-types";
import type { EnvironmentConfig, NodePoolConfig, PlatformRole } from "./config";
import type { DataStack } from "./data-stack";
import { EnvironmentStack, logRetention, requiredTags, unprotectedFor } from "./environment-stack";
import type { FoundationStack } from "./foundation-stack";
import { clusterName, Layer } from "./naming";

/** Kubernetes group each platform role joins; the platform stack's RBAC binds them. */
export const ROLE_GROUPS: Record<PlatformRole, string> = {
  "platform-admin": "mlops:platform-admins",
  "ml-engineer": "mlops:ml-engineers",
  "data-scientist": "mlops:data-scientists",
  auditor: "mlops:auditors",
};

/** Pod identity trust policy: EKS Pod Identity assumes the role for a service account. */
export const POD_IDENTITY_TRUST = serviceTrustPolicy("pods.eks.amazonaws.com", ["sts:AssumeRole", "sts:TagSession"]);

/** Service CIDR candidates EKS allows; the first that does not overlap the VPC is used. */
const SERVICE_CIDR_CANDIDATES = ["172.20.0.0/16", "10.100.0.0/16", "192.168.0.0/16"];

/** The cluster's service CIDR, fixed from the VPC so network policies can name it. */
export function serviceCidr(env: EnvironmentConfig): string {
  const vpc = parseCidr(env.network.vpcCidr);
  const free = SERVICE_CIDR_CANDIDATES.find((c) => !vpc || !cidrsOverlap(parseCidr(c)!, vpc));
  if (!free) throw new Error(`no service CIDR candidate is free of ${env.network.vpcCidr}`);
  return free;
}

export function amiTypeFor(pool: NodePoolConfig): NodeAmiType {
  if (pool.kind === "gpu") return NodeAmiType.NVIDIA;
  const arch = describeInstanceType(pool.instanceTypes[0])?.architecture;
  return arch === Architecture.ARM64 ? NodeAmiType.ARM64 : NodeAmiType.X86_64;
}

/**
 * Compute: the EKS cluster with its core add-ons and one managed node group per
 * configured pool; opens the registry database to the cluster and nothing else.
 */
export class ClusterStack extends EnvironmentStack {
  readonly cluster: EksCluster;

  constructor(scope: Construct, env: EnvironmentConfig, foundation: FoundationStack, data: DataStack) {
    super(scope, env, Layer.CLUSTER);
    const access: ClusterAccess[] = env.cluster.access.map((a) => ({
      principalArn: a.principalArn,
      kubernetesGroups: [ROLE_GROUPS[a.role]],
      clusterAdmin: a.role === "platform-admin",
    }));
    this.cluster = new EksCluster(this, "eks", {
      clusterName: clusterName(env),
      version: env.cluster.version,
      subnetIds: foundation.vpc.appSubnetIds,
      secretsKey: foundation.clusterKey,
      logKey: foundation.logsKey,
      logRetention: logRetention(env),
      access,
      serviceIpv4Cidr: serviceCidr(env),
      unprotected: unprotectedFor(env, "cluster"),
    });

    // Networking and credentials add-ons come before nodes, so nodes join Ready.
    const early = [
      this.cluster.addAddon("vpc-cni", { configurationValues: { enableNetworkPolicy: "true" } }),
      this.cluster.addAddon("kube-proxy"),
      this.cluster.addAddon("eks-pod-identity-agent"),
    ];
    const pools = env.nodePools.map(
      (pool) =>
        new NodePool(this, `pool-${pool.name}`, {
          cluster: this.cluster,
          poolName: pool.name,
          amiType: amiTypeFor(pool),
          instanceTypes: pool.instanceTypes,
          minSize: pool.minSize,
          desiredSize: pool.desiredSize,
          maxSize: pool.maxSize,
          spot: pool.capacityType === "spot",
          subnetIds: foundation.vpc.appSubnetIds,
          volumeKey: foundation.volumesKey,
          diskSizeGb: pool.diskSizeGb,
          labels: {
            ...pool.labels,
            "platform.mlops/node-pool": pool.name,
            ...(pool.kind === "gpu" ? { "nvidia.com/gpu.present": "true" } : {}),
          },
          taints: pool.taints,
          tags: requiredTags(env),
          dependsOn: early,
        }),
    );
    const nodeGroups = pools.map((p) => p.nodeGroup);

    // Add-ons that run as pods need nodes to become active.
    this.cluster.addAddon("coredns", { dependsOn: [...early, ...nodeGroups] });
    const ebsRole = new IamRole(this, "ebs-csi-role", {
      name: `${clusterName(env)}-ebs-csi`,
      assumeRolePolicy: POD_IDENTITY_TRUST,
    });
    new IamRolePolicyAttachment(this, "ebs-csi-policy", {
      role: ebsRole.name,
      policyArn: "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy",
    });
    new IamRolePolicy(this, "ebs-csi-kms", {
      role: ebsRole.id,
      policy: policyDocument([
        {
          Sid: "EncryptVolumesWithVolumeKey",
          Effect: "Allow",
          Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey", "kms:CreateGrant"],
          Resource: foundation.volumesKey.keyArn,
        },
      ]),
    });
    this.cluster.addAddon("aws-ebs-csi-driver", {
      podIdentity: { roleArn: ebsRole.arn, serviceAccount: "ebs-csi-controller-sa" },
      dependsOn: [...early, ...nodeGroups],
    });

    // The registry database admits PostgreSQL from the cluster's nodes and pods only.
    new VpcSecurityGroupIngressRule(this, "registry-db-from-cluster", {
      securityGroupId: data.database.securityGroupId,
      referencedSecurityGroupId: this.cluster.clusterSecurityGroupId,
      ipProtocol: "tcp",
      fromPort: data.database.port,
      toPort: data.database.port,
      description: "PostgreSQL from the EKS cluster security group",
    });
  }
}
