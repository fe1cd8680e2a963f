"""CKV_UAE_6: an aws_* resource that sets its own `region` sets me-central-1.

AWS provider 6 added a per-resource `region` argument that overrides the provider's
region, so a compliant provider block (CKV_UAE_1) no longer proves where a resource
lands. Resources that do not set `region` follow the provider and are not applicable.
"""
from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck

from uae_common import CONTROLS, UAE_REGION, fail_closed, literal, unwrap


class AwsResourceRegionIsUae(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name=f"Ensure aws resources that override region set {UAE_REGION} (UAE data residency)",
            id="CKV_UAE_6",
            categories=(CheckCategories.GENERAL_SECURITY,),
            supported_resources=("aws_*",),
            guideline=CONTROLS,
        )

    @fail_closed
    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        if "region" not in conf:
            return CheckResult.UNKNOWN  # not applicable: the provider's region applies (CKV_UAE_1)
        region = literal(conf["region"])
        if region == UAE_REGION:
            return CheckResult.PASSED
        self.details.append(f"region is {unwrap(conf['region'])!r}, not the literal {UAE_REGION}")
        return CheckResult.FAILED

    def get_evaluated_keys(self) -> list[str]:
        return ["region"]


check = AwsResourceRegionIsUae()
