import { Construct } from "constructs";
import { CHARTS } from "./chart-versions";
import { PinnedChart } from "./pinned-chart";

export interface ArgoRolloutsProps {
  readonly namespace: string;
  /** @default false - one controller replica */
  readonly highAvailability?: boolean;
}

/**
 * Argo Rollouts for canary releases with automated rollback (AnalysisTemplates abort a
 * rollout whose metrics fail). CRDs installed and kept on uninstall so live Rollouts
 * survive; no dashboard (its container is not Pod Security "restricted").
 */
export class ArgoRollouts extends Construct {
  readonly chart: PinnedChart;

  constructor(scope: Construct, id: string, props: ArgoRolloutsProps) {
    super(scope, id);
    this.chart = new PinnedChart(this, "chart", {
      releaseName: "argo-rollouts",
      namespace: props.namespace,
      ...CHARTS.argoRollouts,
      values: {
        installCRDs: true,
        keepCRDs: true,
        controller: {
          replicas: props.highAvailability ? 2 : 1,
          metrics: { enabled: true },
        },
        dashboard: { enabled: false },
      },
    });
  }
}
