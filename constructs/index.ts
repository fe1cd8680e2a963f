/**
 * Public API for people who import the constructs into their own cdktf app, e.g.
 *   import { SecureBucket, PlatformKey } from "uae-mlops-platform/constructs";
 * Inside this repository, import each construct from its own file (faster to load).
 */
export * from "./audit/audit-trail";
export * from "./audit/security-services";
export * from "./backup/backup-protection";
export * from "./compute/eks-cluster";
export * from "./compute/node-pool";
export * from "./data/container-repository";
export * from "./data/registry-database";
export * from "./logging/encrypted-log-group";
export * from "./network/ipv4";
export * from "./network/private-endpoints";
export * from "./network/subnet-plan";
export * from "./network/zero-trust-vpc";
export * from "./platform/argo-cd";
export * from "./platform/argo-rollouts";
export * from "./platform/chart-versions";
export * from "./platform/external-secrets";
export * from "./platform/github-runners";
export * from "./platform/mlflow";
export * from "./platform/nvidia-device-plugin";
export * from "./platform/pinned-chart";
export * from "./platform/platform-rbac";
export * from "./platform/pod-security";
export * from "./platform/secure-namespace";
export * from "./platform/synced-secrets";
export * from "./policy/protection";
export * from "./policy/suppressions";
export * from "./security/platform-key";
export * from "./security/policy-document";
export * from "./storage/secure-bucket";
export * from "./tagging/required-tags";
