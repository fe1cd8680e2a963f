import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { CHARTS } from "./chart-versions";
import { PinnedChart } from "./pinned-chart";
import { RESTRICTED_CONTAINER_SECURITY_CONTEXT, RESTRICTED_POD_SECURITY_CONTEXT } from "./pod-security";

export const MLFLOW_SERVICE_ACCOUNT = "mlflow";
export const MLFLOW_PORT = 5000;

export interface MlflowProps {
  readonly namespace: string;
  readonly region: string;
  /** Registry database endpoint (host name) and database name. */
  readonly databaseHost: string;
  readonly databasePort: number;
  readonly databaseName: string;
  /** Kubernetes secret with keys `username` and `password` for the database. */
  readonly databaseSecretName: string;
  /** Bucket for model artifacts; reached through Pod Identity, no static keys. */
  readonly artifactBucketName: string;
  /** @default 1 */
  readonly replicas?: number;
  /** @default - none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * MLflow tracking server and model registry (versions, stages, lineage from runs to
 * models) on the PostgreSQL registry database over TLS, with artifacts proxied to S3
 * (`--serve-artifacts`), so clients need no AWS credentials of their own. Schema
 * migrations run as an init container on upgrade.
 */
export class Mlflow extends Construct {
  readonly chart: PinnedChart;

  constructor(scope: Construct, id: string, props: MlflowProps) {
    super(scope, id);
    this.chart = new PinnedChart(this, "chart", {
      releaseName: "mlflow",
      namespace: props.namespace,
      ...CHARTS.mlflow,
      values: {
        replicaCount: props.replicas ?? 1,
        serviceAccount: { create: true, name: MLFLOW_SERVICE_ACCOUNT },
        backendStore: {
          databaseMigration: true,
          databaseConnectionCheck: true,
          postgres: {
            enabled: true,
            host: props.databaseHost,
            port: props.databasePort,
            database: props.databaseName,
          },
          existingDatabaseSecret: { name: props.databaseSecretName, usernameKey: "username", passwordKey: "password" },
        },
        artifactRoot: {
          proxiedArtifactStorage: true,
          s3: { enabled: true, bucket: props.artifactBucketName, path: "mlflow" },
        },
        // The database forces TLS (rds.force_ssl); PGSSLMODE makes the server's driver refuse
        // plain text too. The chart passes extraEnvVars to the main container only: its
        // migration init container relies on libpq's default (prefer) and the server's TLS.
        extraEnvVars: { AWS_DEFAULT_REGION: props.region, PGSSLMODE: "require" },
        podSecurityContext: { ...RESTRICTED_POD_SECURITY_CONTEXT, fsGroup: 1001 },
        securityContext: { ...RESTRICTED_CONTAINER_SECURITY_CONTEXT, runAsUser: 1001, runAsGroup: 1001 },
        resources: { requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "2", memory: "2Gi" } },
        ingress: { enabled: false },
      },
      dependsOn: props.dependsOn,
    });
  }
}
