import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { EksAccessEntry } from "@cdktf/provider-aws/lib/eks-access-entry";
import { EksAccessPolicyAssociation } from "@cdktf/provider-aws/lib/eks-access-policy-association";
import { EksAddon, EksAddonPodIdentityAssociation } from "@cdktf/provider-aws/lib/eks-addon";
import { EksCluster as EksClusterResource } from "@cdktf/provider-aws/lib/eks-cluster";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { EncryptedLogGroup, LogRetention } from "../logging/encrypted-log-group";
import { protectionLifecycle, Unprotected } from "../policy/protection";
import { PlatformKey } from "../security/platform-key";
import { serviceTrustPolicy } from "../security/policy-document";

/** Every control-plane log type EKS offers. */
export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;

/** Access for a principal: EKS cluster-admin policy, or Kubernetes groups bound by RBAC. */
export interface ClusterAccess {
  readonly principalArn: string;
  /** Kubernetes groups the principal joins; RBAC in the platform stack binds them. */
  readonly kubernetesGroups: readonly string[];
  /** @default false */
  readonly clusterAdmin?: boolean;
}

export interface EksClusterProps {
  readonly clusterName: string;
  readonly version: string;
  /** Private subnets for the control plane's network interfaces. */
  readonly subnetIds: string[];
  /** Envelope-encrypts Kubernetes secrets. */
  readonly secretsKey: PlatformKey;
  /** Encrypts the control-plane log group. */
  readonly logKey: PlatformKey;
  readonly logRetention: LogRetention;
  readonly access: readonly ClusterAccess[];
  /** Kubernetes service addresses; must not overlap the VPC. Network policies name it to reach the API server. */
  readonly serviceIpv4Cidr: string;
  /**
   * Lets a destroy or replacement through (deletion protection off).
   * @default - protected (prevent_destroy, deletion protection)
   */
  readonly unprotected?: Unprotected;
}

export interface AddonOptions {
  /** JSON configuration for the add-on. @default - the add-on's defaults */
  readonly configurationValues?: Record<string, unknown>;
  /** Service account and role for the add-on's own AWS calls, through Pod Identity. */
  readonly podIdentity?: EksAddonPodIdentityAssociation;
  /** @default - none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * An EKS cluster reachable only inside the VPC: private API endpoint, secrets encrypted
 * with a CMK, every control-plane log type into an encrypted log group, access entries
 * instead of the aws-auth ConfigMap (the creator gets no implicit admin), deletion
 * protection, and zonal shift so an impaired AZ can be drained.
 */
export class EksCluster extends Construct {
  readonly cluster: EksClusterResource;
  /** Cluster name as a token: referencing it orders resources after the cluster. */
  readonly clusterName: string;
  /** Cluster name as plain text, for naming resources that belong to the cluster. */
  readonly namePrefix: string;
  readonly clusterSecurityGroupId: string;
  /** Role for managed node groups (EKS creates their access entries). */
  readonly nodeRole: IamRole;

  constructor(scope: Construct, id: string, props: EksClusterProps) {
    super(scope, id);
    this.namePrefix = props.clusterName;
    const role = new IamRole(this, "cluster-role", {
      name: `${props.clusterName}-cluster`,
      assumeRolePolicy: serviceTrustPolicy("eks.amazonaws.com", ["sts:AssumeRole", "sts:TagSession"]),
    });
    const rolePolicy = new IamRolePolicyAttachment(this, "cluster-role-policy", {
      role: role.name,
      policyArn: "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy",
    });

    // EKS writes here; creating it first gives it a CMK and retention.
    const logGroup = new EncryptedLogGroup(this, "control-plane-logs", {
      logGroupName: `/aws/eks/${props.clusterName}/cluster`,
      encryptionKey: props.logKey,
      retention: props.logRetention,
      unprotected: props.unprotected,
    });

    this.cluster = new EksClusterResource(this, "cluster", {
      name: props.clusterName,
      version: props.version,
      roleArn: role.arn,
      vpcConfig: {
        subnetIds: props.subnetIds,
        endpointPrivateAccess: true,
        endpointPublicAccess: false,
      },
      encryptionConfig: { resources: ["secrets"], provider: { keyArn: props.secretsKey.keyArn } },
      kubernetesNetworkConfig: { ipFamily: "ipv4", serviceIpv4Cidr: props.serviceIpv4Cidr },
      enabledClusterLogTypes: [...CONTROL_PLANE_LOG_TYPES],
      accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
      // Core add-ons come as managed EKS add-ons below, with versions EKS tests together.
      bootstrapSelfManagedAddons: false,
      deletionProtection: !props.unprotected,
      upgradePolicy: { supportType: "STANDARD" },
      zonalShiftConfig: { enabled: true },
      dependsOn: [rolePolicy, logGroup.logGroup],
    });
    protectionLifecycle(this.cluster, props.unprotected);
    this.clusterName = this.cluster.name;
    this.clusterSecurityGroupId = this.cluster.vpcConfig.clusterSecurityGroupId;

    this.nodeRole = new IamRole(this, "node-role", {
      name: `${props.clusterName}-node`,
      assumeRolePolicy: serviceTrustPolicy("ec2.amazonaws.com"),
    });
    for (const policy of [
      "AmazonEKSWorkerNodePolicy",
      "AmazonEKS_CNI_Policy",
      "AmazonEC2ContainerRegistryPullOnly",
      // Session Manager instead of SSH: no key pairs, no open port 22.
      "AmazonSSMManagedInstanceCore",
    ]) {
      new IamRolePolicyAttachment(this, `node-role-${policy}`, {
        role: this.nodeRole.name,
        policyArn: `arn:aws:iam::aws:policy/${policy}`,
      });
    }

    props.access.forEach((access, i) => {
      const entry = new EksAccessEntry(this, `access-${i}`, {
        clusterName: this.clusterName,
        principalArn: access.principalArn,
        kubernetesGroups: [...access.kubernetesGroups],
        type: "STANDARD",
      });
      if (access.clusterAdmin) {
        new EksAccessPolicyAssociation(this, `access-${i}-admin`, {
          clusterName: this.clusterName,
          principalArn: access.principalArn,
          policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
          accessScope: { type: "cluster" },
          dependsOn: [entry],
        });
      }
    });
  }

  /** A managed add-on at the default version for the cluster's Kubernetes version. */
  addAddon(name: string, options: AddonOptions = {}): EksAddon {
    return new EksAddon(this, `addon-${name}`, {
      clusterName: this.clusterName,
      addonName: name,
      resolveConflictsOnCreate: "OVERWRITE",
      resolveConflictsOnUpdate: "PRESERVE",
      configurationValues: options.configurationValues ? JSON.stringify(options.configurationValues) : undefined,
      podIdentityAssociation: options.podIdentity ? [options.podIdentity] : undefined,
      dependsOn: options.dependsOn,
    });
  }
}
