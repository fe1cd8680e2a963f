import { Construct } from "constructs";
import { CHARTS } from "./chart-versions";
import { PinnedChart } from "./pinned-chart";

export interface NvidiaDevicePluginProps {
  /** Namespace at Pod Security level privileged: the plugin mounts kubelet host paths. */
  readonly namespace: string;
  /** Node label that marks GPU nodes. @default { "nvidia.com/gpu.present": "true" } */
  readonly gpuNodeSelector?: Record<string, string>;
}

/**
 * The NVIDIA device plugin alone (not the GPU operator): the AL2023 NVIDIA AMI already
 * ships the driver and container toolkit, so the plugin only advertises `nvidia.com/gpu`.
 * Runs only on GPU nodes and tolerates their taint.
 */
export class NvidiaDevicePlugin extends Construct {
  readonly chart: PinnedChart;

  constructor(scope: Construct, id: string, props: NvidiaDevicePluginProps) {
    super(scope, id);
    this.chart = new PinnedChart(this, "chart", {
      releaseName: "nvidia-device-plugin",
      namespace: props.namespace,
      ...CHARTS.nvidiaDevicePlugin,
      values: {
        nodeSelector: props.gpuNodeSelector ?? { "nvidia.com/gpu.present": "true" },
        tolerations: [
          { key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" },
          { key: "CriticalAddonsOnly", operator: "Exists" },
        ],
        priorityClassName: "system-node-critical",
        // GPU feature discovery (and node-feature-discovery with it) would run privileged.
        gfd: { enabled: false },
        resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } },
      },
    });
  }
}
