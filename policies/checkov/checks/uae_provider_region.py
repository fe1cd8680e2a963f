"""CKV_UAE_1: every aws provider block deploys to me-central-1 (UAE data residency)."""
from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.provider.base_check import BaseProviderCheck

from uae_common import CONTROLS, UAE_REGION, fail_closed, literal, unwrap


class AwsProviderRegionIsUae(BaseProviderCheck):
    def __init__(self) -> None:
        super().__init__(
            name=f"Ensure every aws provider block sets region = {UAE_REGION} (UAE data residency)",
            id="CKV_UAE_1",
            categories=(CheckCategories.GENERAL_SECURITY,),
            supported_provider=("aws",),
            guideline=CONTROLS,
        )

    @fail_closed
    def scan_provider_conf(self, conf: dict[str, Any]) -> CheckResult:
        region = literal(conf.get("region"))
        if region == UAE_REGION:
            return CheckResult.PASSED
        if region is None:
            # No region, or one from a variable: the provider would take AWS_REGION or the
            # profile's region at plan time, which this check cannot see.
            self.details.append(f"region is not a literal (got {unwrap(conf.get('region'))!r})")
        else:
            self.details.append(f"region is {region!r}, not {UAE_REGION}")
        return CheckResult.FAILED

    def get_evaluated_keys(self) -> list[str]:
        return ["region"]


check = AwsProviderRegionIsUae()
