import { TerraformResource } from "cdktf";

/**
 * Why a stateful resource may be destroyed or replaced. Absent means protected:
 * `prevent_destroy`, deletion protection, no force-destroy. Present only where an
 * environment asks for it explicitly (a test environment, a deliberate replacement).
 */
export interface Unprotected {
  /** Shown in the synthesized JSON and in review: who asked for this, and where. */
  readonly reason: string;
  /**
   * Also let a destroy delete the data inside (non-empty buckets, repositories with
   * images, backup vaults with recovery points). Only for throw-away environments.
   * @default false - a replacement or destroy fails while data is inside
   */
  readonly discardData?: boolean;
}

/** Key in the resource's "//" comment block that records why it is not protected. */
export const UNPROTECTED_KEY = "unprotected_reason";

/** The lifecycle block for a stateful resource, and the recorded reason when unprotected. */
export function protectionLifecycle(resource: TerraformResource, unprotected: Unprotected | undefined): void {
  if (unprotected) {
    if (unprotected.reason.trim().length < 10) throw new Error("Unprotected: give a reason (who asked, where)");
    resource.addOverride(`//.${UNPROTECTED_KEY}`, unprotected.reason);
  } else {
    resource.addOverride("lifecycle.prevent_destroy", true);
  }
}
