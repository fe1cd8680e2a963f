"""CKV_UAE_2: every aws provider block's default_tags carry the four required tags."""
from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.provider.base_check import BaseProviderCheck

from uae_common import CONTROLS, DATA_CLASSIFICATIONS, REQUIRED_TAG_KEYS, block, fail_closed, tag_problems


class AwsProviderDefaultTags(BaseProviderCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Ensure every aws provider's default_tags carry non-empty " + ", ".join(REQUIRED_TAG_KEYS)
            + " with data-classification one of " + "|".join(DATA_CLASSIFICATIONS),
            id="CKV_UAE_2",
            categories=(CheckCategories.CONVENTION,),
            supported_provider=("aws",),
            guideline=CONTROLS,
        )

    @fail_closed
    def scan_provider_conf(self, conf: dict[str, Any]) -> CheckResult:
        default_tags = block(conf.get("default_tags"))
        if default_tags is None:
            self.details.append("no readable default_tags block")
            return CheckResult.FAILED
        problems = tag_problems(default_tags.get("tags"), "default_tags.tags")
        self.details.extend(problems)
        return CheckResult.FAILED if problems else CheckResult.PASSED

    def get_evaluated_keys(self) -> list[str]:
        return ["default_tags/[0]/tags"]


check = AwsProviderDefaultTags()
