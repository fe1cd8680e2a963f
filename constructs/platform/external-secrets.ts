import { Construct } from "constructs";
import { CHARTS } from "./chart-versions";
import { PinnedChart } from "./pinned-chart";

export const EXTERNAL_SECRETS_SERVICE_ACCOUNT = "external-secrets";

export interface ExternalSecretsProps {
  readonly namespace: string;
  /**
   * The only namespace whose SecretStores the operator serves. Any SecretStore without
   * `auth` acts with the operator's IAM role, so the operator must not serve namespaces
   * where other people can create SecretStores.
   */
  readonly scopedNamespace: string;
  /** @default false */
  readonly highAvailability?: boolean;
}

/**
 * External Secrets Operator: syncs Secrets Manager secrets (the database's
 * RDS-managed master secret) into Kubernetes Secrets, with AWS credentials from Pod
 * Identity. Scoped to one namespace, cluster-wide stores and push secrets off. The
 * chart's defaults already meet Pod Security "restricted".
 */
export class ExternalSecrets extends Construct {
  readonly chart: PinnedChart;

  constructor(scope: Construct, id: string, props: ExternalSecretsProps) {
    super(scope, id);
    const replicas = props.highAvailability ? 2 : 1;
    this.chart = new PinnedChart(this, "chart", {
      releaseName: "external-secrets",
      namespace: props.namespace,
      ...CHARTS.externalSecrets,
      values: {
        installCRDs: true,
        replicaCount: replicas,
        leaderElect: replicas > 1,
        serviceAccount: { create: true, name: EXTERNAL_SECRETS_SERVICE_ACCOUNT },
        scopedNamespace: props.scopedNamespace,
        scopedRBAC: true,
        processClusterStore: false,
        processClusterExternalSecret: false,
        processClusterPushSecret: false,
        processPushSecret: false,
        rbac: { serviceAccountTokenCreate: false },
        resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "512Mi" } },
        webhook: { create: true, replicaCount: replicas, resources: { requests: { cpu: "20m", memory: "64Mi" }, limits: { memory: "256Mi" } } },
        certController: { create: true, resources: { requests: { cpu: "20m", memory: "64Mi" }, limits: { memory: "256Mi" } } },
      },
    });
  }
}
