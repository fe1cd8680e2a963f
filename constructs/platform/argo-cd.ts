import { Construct } from "constructs";
import { CHARTS } from "./chart-versions";
import { PinnedChart } from "./pinned-chart";

export interface ArgoCdProps {
  readonly namespace: string;
  /**
   * Redis HA and two replicas of the server, repo server and ApplicationSet controller.
   * Redis HA needs at least three nodes.
   * @default false
   */
  readonly highAvailability?: boolean;
}

/**
 * Argo CD for GitOps delivery: no Dex and no local admin user (sign-in through SSO once
 * configured, or `argocd --core` with Kubernetes RBAC), ClusterIP service only, the
 * chart's own network policies on. The chart's defaults already meet Pod Security
 * "restricted".
 */
export class ArgoCd extends Construct {
  readonly chart: PinnedChart;

  constructor(scope: Construct, id: string, props: ArgoCdProps) {
    super(scope, id);
    const replicas = props.highAvailability ? 2 : 1;
    this.chart = new PinnedChart(this, "chart", {
      releaseName: "argocd",
      namespace: props.namespace,
      ...CHARTS.argoCd,
      values: {
        crds: { install: true, keep: true },
        global: { networkPolicy: { create: true } },
        configs: { cm: { "admin.enabled": false } },
        dex: { enabled: false },
        "redis-ha": { enabled: props.highAvailability ?? false },
        controller: { replicas: 1 },
        server: { replicas, service: { type: "ClusterIP" }, ingress: { enabled: false } },
        repoServer: { replicas },
        applicationSet: { replicas },
      },
    });
  }
}
