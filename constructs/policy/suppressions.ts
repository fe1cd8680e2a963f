import { TerraformProvider, TerraformResource } from "cdktf";

/** A policy check that does not apply to one resource, and why. */
export interface Suppression {
  /** Check id, e.g. CKV_AWS_145. */
  readonly id: string;
  /** A reason a reviewer can judge: what the check wants, why it cannot or should not hold here. */
  readonly reason: string;
}

/** Key in the resource's "//" comment block (ignored by Terraform) that carries suppressions. */
export const SUPPRESSIONS_KEY = "checkov_suppressions";

/** Resources and provider blocks can carry suppressions (a provider for residency checks). */
export type Suppressible = TerraformResource | TerraformProvider;

const recorded = new WeakMap<Suppressible, Suppression[]>();

/**
 * Record in the synthesized JSON that a check does not apply to this resource.
 * checkov cannot skip per resource in cdk.tf.json (checkov#4634), so
 * scripts/checkov_gate.py reclassifies a failure as suppressed only when the failing
 * resource carries a suppression for that check id. The record survives in
 * cdktf.out, so the audit trail is in the artefact that gets deployed.
 */
export function suppressCheck(resource: Suppressible, id: string, reason: string): void {
  if (!/^CKV2?_[A-Z0-9]+_\d+$/.test(id)) throw new Error(`suppressCheck: "${id}" is not a checkov check id`);
  if (reason.trim().length < 20) throw new Error(`suppressCheck ${id}: give a reason a reviewer can judge (20+ characters)`);
  const list = [...(recorded.get(resource) ?? []), { id, reason }];
  recorded.set(resource, list);
  resource.addOverride(`//.${SUPPRESSIONS_KEY}`, list);
}
