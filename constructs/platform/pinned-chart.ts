import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { Release } from "@cdktf/provider-helm/lib/release";

export interface PinnedChartProps {
  readonly releaseName: string;
  /** Namespace name; pass SecureNamespace.namespaceName so the release waits for it. */
  readonly namespace: string;
  /** Helm repository URL (https:// or oci://); omit for a chart path in this repository. */
  readonly repository?: string;
  readonly chart: string;
  /** Exact chart version: a range would change what is installed without a code change. */
  readonly version: string;
  /** Values, checked key by key against the chart's values.yaml at `version`. */
  readonly values: Record<string, unknown>;
  /**
   * Seconds Helm waits for the release to become ready.
   * @default 900
   */
  readonly timeoutSeconds?: number;
  /** @default - none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A Helm release pinned to one chart version, installed atomically (a failed install
 * or upgrade rolls back), waiting for readiness, with values passed as one document.
 */
export class PinnedChart extends Construct {
  readonly release: Release;

  constructor(scope: Construct, id: string, props: PinnedChartProps) {
    super(scope, id);
    if (props.repository && !/^\d+\.\d+\.\d+$/.test(props.version)) {
      throw new Error(`PinnedChart ${props.releaseName}: version must be an exact x.y.z chart version (got "${props.version}")`);
    }
    this.release = new Release(this, "release", {
      name: props.releaseName,
      namespace: props.namespace,
      repository: props.repository,
      chart: props.chart,
      version: props.version,
      values: [JSON.stringify(props.values)],
      atomic: true,
      cleanupOnFail: true,
      wait: true,
      waitForJobs: true,
      createNamespace: false,
      maxHistory: 10,
      timeout: props.timeoutSeconds ?? 900,
      dependsOn: props.dependsOn,
    });
  }
}
