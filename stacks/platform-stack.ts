import { Construct } from "constructs";
import { Fn } from "cdktf";
import { DataAwsEksCluster } from "@cdktf/provider-aws/lib/data-aws-eks-cluster";
import { EksPodIdentityAssociation } from "@cdktf/provider-aws/lib/eks-pod-identity-association";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { ArgoCd } from "../constructs/platform/argo-cd";
import { ArgoRollouts } from "../constructs/platform/argo-rollouts";
import { EXTERNAL_SECRETS_SERVICE_ACCOUNT, ExternalSecrets } from "../constructs/platform/external-secrets";
import { GithubRunners, RunnerSet, runnerQuota } from "../constructs/platform/github-runners";
import { Mlflow, MLFLOW_PORT, MLFLOW_SERVICE_ACCOUNT } from "../constructs/platform/mlflow";
import { NvidiaDevicePlugin } from "../constructs/platform/nvidia-device-plugin";
import { PlatformRbac } from "../constructs/platform/platform-rbac";
import { PodSecurityLevel } from "../constructs/platform/pod-security";
import { EgressRule, POD_IDENTITY_AGENT_CIDR, SecureNamespace, SecureNamespaceProps } from "../constructs/platform/secure-namespace";
import { SyncedSecrets } from "../constructs/platform/synced-secrets";
import { PolicyStatement, policyDocument } from "../constructs/security/policy-document";
import { EnvironmentConfig, Profile } from "./config";
import { POD_IDENTITY_TRUST, ROLE_GROUPS, serviceCidr, type ClusterStack } from "./cluster-stack";
import type { DataStack } from "./data-stack";
import { EnvironmentStack } from "./environment-stack";
import type { FoundationStack } from "./foundation-stack";
import { gpusPerInstance } from "./instance-types";
import { clusterName, Layer } from "./naming";

export interface PlatformStackDeps {
  readonly foundation: FoundationStack;
  readonly data: DataStack;
  readonly cluster: ClusterStack;
}

export const NAMESPACES = {
  argoCd: "argocd",
  argoRollouts: "argo-rollouts",
  mlflow: "mlflow",
  externalSecrets: "external-secrets",
  arcSystems: "arc-systems",
  arcRunners: "arc-runners",
  nvidia: "nvidia-device-plugin",
  workloads: "ml-workloads",
} as const;

const MLFLOW_DB_SECRET = "mlflow-database";
const ANYWHERE = "0.0.0.0/0";

/**
 * The ML platform on Kubernetes: namespaces with Pod Security and default-deny network
 * policies, RBAC for the platform roles, the NVIDIA device plugin (GPU environments),
 * Argo CD, Argo Rollouts, MLflow on the registry database and models bucket, and GitHub
 * Actions runner scale sets. Its providers find the cluster by name (data source) and
 * authenticate with `aws eks get-token` on every call, never with a static token.
 */
export class PlatformStack extends EnvironmentStack {
  constructor(scope: Construct, env: EnvironmentConfig, deps: PlatformStackDeps) {
    super(scope, env, Layer.PLATFORM);
    this.addDependency(deps.cluster);
    const { foundation, data } = deps;
    const name = clusterName(env);
    const ha = env.platform.highAvailability;
    const hasGpu = env.nodePools.some((p) => p.kind === "gpu");

    const eks = new DataAwsEksCluster(this, "eks", { name });
    const exec = {
      apiVersion: "client.authentication.k8s.io/v1beta1",
      command: "aws",
      args: ["eks", "get-token", "--cluster-name", name, "--region", env.region, "--output", "json"],
    };
    const connection = {
      host: eks.endpoint,
      clusterCaCertificate: Fn.base64decode(eks.certificateAuthority.get(0).data),
    };
    new KubernetesProvider(this, "kubernetes", { ...connection, exec: [exec] });
    new HelmProvider(this, "helm", { kubernetes: { ...connection, exec } });

    // Namespaces: restricted Pod Security, default deny, then only declared traffic.
    const vpc = foundation.vpc.cidr;
    const https = (description: string, cidr: string): EgressRule => ({ description, cidrs: [cidr], ports: [{ port: 443 }] });
    const podIdentity: EgressRule = { description: "EKS Pod Identity agent", cidrs: [POD_IDENTITY_AGENT_CIDR], ports: [{ port: 80 }] };
    const quota = env.profile === Profile.ENTERPRISE
      ? { "requests.cpu": "16", "requests.memory": "64Gi", "limits.memory": "128Gi", pods: "100" }
      : { "requests.cpu": "4", "requests.memory": "16Gi", "limits.memory": "32Gi", pods: "50" };
    const namespace = (id: string, props: Omit<SecureNamespaceProps, "quota"> & { quota?: Record<string, string> }) =>
      new SecureNamespace(this, `ns-${id}`, { quota, ...props });

    const argoCdNs = namespace("argocd", {
      name: NAMESPACES.argoCd,
      egress: [https("Git repositories, Helm repositories and the API server", ANYWHERE)],
    });
    // Pods reach the API server at the kubernetes service address; the network policy
    // agent sees that address (before DNAT), so rules name the service CIDR and the VPC.
    const apiServer: EgressRule = { description: "Kubernetes API server", cidrs: [serviceCidr(env), vpc], ports: [{ port: 443 }] };
    const rolloutsNs = namespace("argo-rollouts", {
      name: NAMESPACES.argoRollouts,
      egress: [apiServer],
    });
    const mlflowNs = namespace("mlflow", {
      name: NAMESPACES.mlflow,
      egress: [
        { description: "Registry database", cidrs: [vpc], ports: [{ port: data.database.port }] },
        https("S3 (gateway endpoint, public prefixes) and AWS API endpoints", ANYWHERE),
        podIdentity,
      ],
      ingressFromClusterPorts: [MLFLOW_PORT],
    });
    const esoNs = namespace("external-secrets", {
      name: NAMESPACES.externalSecrets,
      egress: [apiServer, https("Secrets Manager and STS interface endpoints", vpc), podIdentity],
      // The API server calls the operator's admission webhook from its VPC interfaces.
      ingressFromCidrs: [{ cidr: vpc, ports: [10250] }],
    });
    const arcNs = namespace("arc-systems", {
      name: NAMESPACES.arcSystems,
      egress: [https("GitHub and the API server", ANYWHERE)],
    });
    const runnerSets: RunnerSet[] = [
      { name: `${env.name}-cpu`, minRunners: env.platform.runners.minRunners, maxRunners: env.platform.runners.maxRunners },
      ...(hasGpu
        ? [{ name: `${env.name}-gpu`, minRunners: 0, maxRunners: Math.min(env.platform.runners.maxRunners, sumGpuCapacity(env)), gpus: 1 }]
        : []),
    ];
    const runnerNs = namespace("arc-runners", {
      name: NAMESPACES.arcRunners,
      // Sized so every scale set can reach maxRunners; the quota, not the cluster, says no beyond.
      quota: runnerQuota(runnerSets),
      egress: [https("GitHub, package registries and the API server", ANYWHERE)],
    });
    const gpuQuota: Record<string, string> = hasGpu ? { "requests.nvidia.com/gpu": String(sumGpuCapacity(env)) } : {};
    const workloadsNs = namespace("ml-workloads", {
      name: NAMESPACES.workloads,
      quota: { ...quota, ...gpuQuota },
      egressToNamespaces: [{ namespace: NAMESPACES.mlflow, ports: [MLFLOW_PORT] }],
    });

    new PlatformRbac(this, "rbac", {
      groups: {
        platformAdmins: ROLE_GROUPS["platform-admin"],
        mlEngineers: ROLE_GROUPS["ml-engineer"],
        dataScientists: ROLE_GROUPS["data-scientist"],
        auditors: ROLE_GROUPS.auditor,
      },
      workloadNamespaces: [workloadsNs],
      registryNamespace: mlflowNs,
    });

    if (hasGpu) {
      const gpuNs = namespace("nvidia", {
        name: NAMESPACES.nvidia,
        podSecurity: PodSecurityLevel.PRIVILEGED,
        podSecurityReason:
          "The NVIDIA device plugin mounts the kubelet device-plugin socket (hostPath) and the chart always renders a privileged MPS daemon; nothing else runs here.",
      });
      new NvidiaDevicePlugin(this, "nvidia-device-plugin", { namespace: gpuNs.namespaceName });
    }

    new ArgoCd(this, "argo-cd", { namespace: argoCdNs.namespaceName, namespaceName: argoCdNs.plainName, highAvailability: ha });
    new ArgoRollouts(this, "argo-rollouts", { namespace: rolloutsNs.namespaceName, highAvailability: ha });

    // Database credentials: the RDS-managed secret, synced by ESO acting through Pod Identity.
    const esoRole = this.podIdentityRole("external-secrets", esoNs, EXTERNAL_SECRETS_SERVICE_ACCOUNT, [
      {
        Sid: "ReadRegistryDatabaseSecret",
        Effect: "Allow",
        Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
        Resource: data.database.masterUserSecretArn,
      },
      {
        Sid: "DecryptThroughSecretsManager",
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: foundation.databaseKey.keyArn,
        Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${env.region}.amazonaws.com` } },
      },
    ]);
    const eso = new ExternalSecrets(this, "external-secrets", {
      namespace: esoNs.namespaceName,
      scopedNamespace: NAMESPACES.mlflow,
      highAvailability: ha,
    });
    eso.chart.release.node.addDependency(esoRole);
    const dbSecret = new SyncedSecrets(this, "mlflow-database-secret", {
      namespace: mlflowNs.namespaceName,
      region: env.region,
      secrets: [{ name: MLFLOW_DB_SECRET, remoteSecretArn: data.database.masterUserSecretArn, properties: ["username", "password"] }],
      dependsOn: [eso.chart.release],
    });

    const models = data.buckets.models ?? Object.values(data.buckets)[0];
    const mlflowRole = this.podIdentityRole("mlflow", mlflowNs, MLFLOW_SERVICE_ACCOUNT, [
      { Sid: "ListModelBucket", Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: models.bucketArn },
      {
        Sid: "ReadWriteModelArtifacts",
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:GetObjectVersion"],
        Resource: `${models.bucketArn}/mlflow/*`,
      },
      {
        Sid: "UseArtifactsKeyThroughS3",
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:GenerateDataKey"],
        Resource: foundation.artifactsKey.keyArn,
        Condition: { StringEquals: { "kms:ViaService": `s3.${env.region}.amazonaws.com` } },
      },
    ]);
    const mlflow = new Mlflow(this, "mlflow", {
      namespace: mlflowNs.namespaceName,
      region: env.region,
      databaseHost: data.database.endpointAddress,
      databasePort: data.database.port,
      databaseName: data.database.databaseName,
      databaseSecretName: MLFLOW_DB_SECRET,
      artifactBucketName: models.bucketName,
      replicas: ha ? 2 : 1,
      dependsOn: [dbSecret.chart.release],
    });
    mlflow.chart.release.node.addDependency(mlflowRole);

    new GithubRunners(this, "github-runners", {
      controllerNamespace: arcNs.namespaceName,
      runnerNamespace: runnerNs.namespaceName,
      githubConfigUrl: env.platform.github.configUrl,
      githubAppSecretName: env.platform.github.appSecretName,
      runnerSets,
      highAvailability: ha,
    });
  }

  /** An IAM role that one service account assumes through EKS Pod Identity. */
  private podIdentityRole(id: string, ns: SecureNamespace, serviceAccount: string, statements: PolicyStatement[]) {
    const role = new IamRole(this, `${id}-role`, {
      name: `${clusterName(this.env)}-${id}`,
      assumeRolePolicy: POD_IDENTITY_TRUST,
    });
    new IamRolePolicy(this, `${id}-policy`, { role: role.id, policy: policyDocument(statements) });
    return new EksPodIdentityAssociation(this, `${id}-pod-identity`, {
      clusterName: clusterName(this.env),
      namespace: ns.namespaceName,
      serviceAccount,
      roleArn: role.arn,
    });
  }
}

/** GPUs the GPU pools can offer at most: maxSize nodes of the pool's largest instance type. */
function sumGpuCapacity(env: EnvironmentConfig): number {
  return env.nodePools
    .filter((p) => p.kind === "gpu")
    .reduce((sum, p) => sum + p.maxSize * Math.max(...p.instanceTypes.map(gpusPerInstance)), 0);
}
