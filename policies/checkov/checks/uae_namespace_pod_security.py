"""CKV_UAE_5: a namespace enforces a Pod Security level; anything but restricted says why."""
from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck

from uae_common import CONTROLS, block, fail_closed, literal, unwrap

ENFORCE_LABEL = "pod-security.kubernetes.io/enforce"
REASON_ANNOTATION = "platform.mlops/pod-security-reason"
LEVELS = ("privileged", "baseline", "restricted")


class NamespacePodSecurity(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name=f"Ensure namespaces set label {ENFORCE_LABEL}; a level other than restricted "
            f"needs annotation {REASON_ANNOTATION}",
            id="CKV_UAE_5",
            categories=(CheckCategories.KUBERNETES,),
            supported_resources=("kubernetes_namespace", "kubernetes_namespace_v1"),
            guideline=CONTROLS,
        )

    @fail_closed
    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        metadata = block(conf.get("metadata"))
        if metadata is None:
            self.details.append("no readable metadata block")
            return CheckResult.FAILED
        labels = block(metadata.get("labels")) or {}
        level = literal(labels.get(ENFORCE_LABEL))
        if level not in LEVELS:
            self.details.append(f"label {ENFORCE_LABEL} is {unwrap(labels.get(ENFORCE_LABEL))!r}; want one of {', '.join(LEVELS)}")
            return CheckResult.FAILED
        if level == "restricted":
            return CheckResult.PASSED
        annotations = block(metadata.get("annotations")) or {}
        reason = literal(annotations.get(REASON_ANNOTATION))
        if reason is None or not reason.strip():
            self.details.append(f"level {level!r} without a literal, non-empty {REASON_ANNOTATION} annotation")
            return CheckResult.FAILED
        return CheckResult.PASSED

    def get_evaluated_keys(self) -> list[str]:
        return [f"metadata/[0]/labels/[0]/{ENFORCE_LABEL}", f"metadata/[0]/annotations/[0]/{REASON_ANNOTATION}"]


check = NamespacePodSecurity()
