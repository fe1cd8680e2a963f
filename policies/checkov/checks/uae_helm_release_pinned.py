"""CKV_UAE_4: a helm_release from a repository is pinned to an exact x.y.z chart version."""
from __future__ import annotations

import re
from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck

from uae_common import CONTROLS, fail_closed, has_key, literal, unwrap

EXACT_VERSION = re.compile(r"^\d+\.\d+\.\d+$")


class HelmReleasePinned(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Ensure helm releases from a chart repository pin an exact x.y.z chart version",
            id="CKV_UAE_4",
            categories=(CheckCategories.SUPPLY_CHAIN,),
            supported_resources=("helm_release",),
            guideline=CONTROLS,
        )

    @fail_closed
    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        chart = unwrap(conf.get("chart"))
        # A chart given as an oci:// reference is pulled from a registry just like one
        # from `repository`; a chart path in this repository is versioned with the code.
        remote = has_key(conf, "repository") or (isinstance(chart, str) and chart.startswith("oci://"))
        if not remote:
            return CheckResult.UNKNOWN
        version = literal(conf.get("version"))
        if version is not None and EXACT_VERSION.match(version):
            return CheckResult.PASSED
        self.details.append(f"version is {unwrap(conf.get('version'))!r}; want an exact x.y.z (no range, no 'v', not empty)")
        return CheckResult.FAILED

    def get_evaluated_keys(self) -> list[str]:
        return ["repository", "chart", "version"]


check = HelmReleasePinned()
