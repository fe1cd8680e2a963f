import { IConstruct } from "constructs";
import { IAspect, TerraformResource } from "cdktf";

/** Tag keys every taggable resource carries (README: cost allocation, ownership and data classification). */
export const REQUIRED_TAG_KEYS = ["environment", "owner", "cost-center", "data-classification"] as const;
export type RequiredTags = Record<(typeof REQUIRED_TAG_KEYS)[number], string>;

interface Taggable {
  tags: Record<string, string>;
  readonly tagsInput?: Record<string, string>;
}

function isTaggable(node: IConstruct): node is TerraformResource & Taggable {
  return node instanceof TerraformResource && "tagsInput" in node;
}

/**
 * Writes the required tags onto every taggable resource, on top of the provider's
 * default_tags: the tags then show in the synthesized JSON, where checkov and our
 * tests read them, and survive a resource that is moved to a provider without defaults.
 * A resource's own value wins, so a construct can set a more specific Name.
 */
export class RequiredTagsAspect implements IAspect {
  constructor(private readonly tags: RequiredTags) {}

  visit(node: IConstruct): void {
    if (!isTaggable(node)) return;
    node.tags = { ...this.tags, ...(node.tagsInput ?? {}) };
  }
}
