import { Construct } from "constructs";
import { AssetType, ITerraformDependable, TerraformAsset } from "cdktf";
import { join } from "node:path";
import { PinnedChart } from "./pinned-chart";

/** This repository's own chart that renders a SecretStore and ExternalSecrets. */
export const PLATFORM_SECRETS_CHART = join(__dirname, "..", "..", "charts", "platform-secrets");

export interface SyncedSecret {
  /** Kubernetes Secret to create. */
  readonly name: string;
  /** ARN of the Secrets Manager secret to read. */
  readonly remoteSecretArn: string;
  /** JSON properties of the remote secret to copy, under the same key. */
  readonly properties: readonly string[];
}

export interface SyncedSecretsProps {
  readonly namespace: string;
  readonly region: string;
  readonly secrets: readonly SyncedSecret[];
  /**
   * How often the operator re-reads the remote secrets.
   * @default "15m" - well inside RDS's rotation period
   */
  readonly refreshInterval?: string;
  /** The External Secrets Operator release: its CRDs and webhook must be up first. */
  readonly dependsOn: ITerraformDependable[];
}

/** Kubernetes Secrets kept in sync with Secrets Manager through the External Secrets Operator. */
export class SyncedSecrets extends Construct {
  readonly chart: PinnedChart;

  constructor(scope: Construct, id: string, props: SyncedSecretsProps) {
    super(scope, id);
    if (props.secrets.length === 0) {
      throw new Error("SyncedSecrets: secrets needs at least one entry");
    }
    // Copied into the stack's output folder, so the chart path in the plan is relative
    // to the stack and works on any machine that deploys the synthesized output.
    const chartAsset = new TerraformAsset(this, "chart-source", { path: PLATFORM_SECRETS_CHART, type: AssetType.DIRECTORY });
    this.chart = new PinnedChart(this, "chart", {
      releaseName: "platform-secrets",
      namespace: props.namespace,
      chart: chartAsset.path,
      version: "0.1.0",
      values: {
        region: props.region,
        refreshInterval: props.refreshInterval ?? "15m",
        secrets: props.secrets.map((s) => ({
          name: s.name,
          remoteSecret: s.remoteSecretArn,
          keys: s.properties.map((property) => ({ property, secretKey: property })),
        })),
      },
      dependsOn: props.dependsOn,
    });
  }
}
