import { Construct } from "constructs";
import { CHARTS } from "./chart-versions";
import { PinnedChart } from "./pinned-chart";

export interface ArgoCdProps {
  readonly namespace: string;
  /** Namespace name as plain text, for the server's in-cluster URL. */
  readonly namespaceName: string;
  /**
   * Redis HA and two replicas of the server, repo server and ApplicationSet controller.
   * Redis HA needs at least three nodes.
   * @default false
   */
  readonly highAvailability?: boolean;
}

/**
 * Argo CD for GitOps delivery: no Dex and no local admin user (sign-in through SSO once
 * configured, or `argocd --core` with Kubernetes RBAC), ClusterIP service only, traffic
 * governed by the namespace's default-deny policies. The chart's defaults already meet
 * Pod Security "restricted".
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
        // The chart's own policies admit argocd-server from any source, which would undo
        // the namespace's default deny; the namespace's same-namespace rule is enough.
        // No ingress yet: the server's URL is its in-cluster name until SSO and an ingress exist.
        global: { networkPolicy: { create: false }, domain: `argocd-server.${props.namespaceName}.svc.cluster.local` },
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
