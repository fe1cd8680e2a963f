/**
 * Every third-party Helm chart and image the platform installs, pinned in one table.
 * Each value key set in the constructs was checked against the chart's own values.yaml
 * (and templates, where a key is read but only commented in values.yaml) at the
 * version below. Bump a version only together with that check.
 */
export const CHARTS = {
  nvidiaDevicePlugin: { repository: "https://nvidia.github.io/k8s-device-plugin", chart: "nvidia-device-plugin", version: "0.20.0" },
  argoCd: { repository: "https://argoproj.github.io/argo-helm", chart: "argo-cd", version: "10.1.1" },
  argoRollouts: { repository: "https://argoproj.github.io/argo-helm", chart: "argo-rollouts", version: "2.41.0" },
  mlflow: { repository: "https://community-charts.github.io/helm-charts", chart: "mlflow", version: "1.11.5" },
  arcController: {
    repository: "oci://ghcr.io/actions/actions-runner-controller-charts",
    chart: "gha-runner-scale-set-controller",
    version: "0.14.2",
  },
  arcRunnerSet: {
    repository: "oci://ghcr.io/actions/actions-runner-controller-charts",
    chart: "gha-runner-scale-set",
    version: "0.14.2",
  },
  // 2.9 is the only supported ESO minor; upstream tests it on Kubernetes 1.36 and it
  // installs on older clusters (the chart requires >= 1.19).
  externalSecrets: { repository: "https://charts.external-secrets.io", chart: "external-secrets", version: "2.9.0" },
} as const;

/**
 * GitHub Actions runner image. GitHub stops queueing jobs to runners that fall too far
 * behind the latest release, so bump this with each runner release.
 */
export const RUNNER_IMAGE = "ghcr.io/actions/actions-runner:2.334.0";
