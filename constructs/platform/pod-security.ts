/**
 * Pod and container security contexts that meet the Kubernetes Pod Security
 * "restricted" level, for chart values that do not set them by default.
 */
export const RESTRICTED_POD_SECURITY_CONTEXT = {
  runAsNonRoot: true,
  seccompProfile: { type: "RuntimeDefault" },
} as const;

export const RESTRICTED_CONTAINER_SECURITY_CONTEXT = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ["ALL"] },
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  seccompProfile: { type: "RuntimeDefault" },
} as const;

export const PodSecurityLevel = {
  RESTRICTED: "restricted",
  BASELINE: "baseline",
  PRIVILEGED: "privileged",
} as const;
export type PodSecurityLevel = (typeof PodSecurityLevel)[keyof typeof PodSecurityLevel];
