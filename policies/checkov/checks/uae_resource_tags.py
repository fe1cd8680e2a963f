"""CKV_UAE_3: an aws_* resource that sets `tags` carries the four required tags.

A resource without `tags` gets them from the provider's default_tags (CKV_UAE_2) and is
not applicable here. A resource that sets `tags` is checked in full: it is where a
per-resource value could override a default (say, data-classification) or where a
resource moved to a provider without defaults would lose them.
"""
from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck

from uae_common import CONTROLS, DATA_CLASSIFICATIONS, REQUIRED_TAG_KEYS, fail_closed, has_key, tag_problems


class AwsResourceRequiredTags(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Ensure aws resources that set tags carry non-empty " + ", ".join(REQUIRED_TAG_KEYS)
            + " with data-classification one of " + "|".join(DATA_CLASSIFICATIONS),
            id="CKV_UAE_3",
            categories=(CheckCategories.CONVENTION,),
            supported_resources=("aws_*",),
            guideline=CONTROLS,
        )

    @fail_closed
    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        if "tags" not in conf:
            return CheckResult.UNKNOWN  # not applicable: provider default_tags apply (CKV_UAE_2)
        problems = tag_problems(conf["tags"], "tags") if has_key(conf, "tags") else ["tags is null"]
        self.details.extend(problems)
        return CheckResult.FAILED if problems else CheckResult.PASSED

    def get_evaluated_keys(self) -> list[str]:
        return ["tags"]


check = AwsResourceRequiredTags()
