"""What `/metrics/` reports besides django-prometheus' request counts and latencies.

Read from the database at each scrape, so every web server reports the same: the task queue
by state, messages waiting and given up, and the last `lotsa audit verify` (1 when the log
was whole, its time and duration). No label carries personal data.
"""

from collections.abc import Iterator

from django.db.models import Count
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector, CollectorRegistry

from lotsa.audit.models import VerificationRun
from lotsa.jobs.models import OutboundMessage
from lotsa.jobs.queue import queue_counts


class LotsaCollector(Collector):
    def collect(self) -> Iterator[Metric]:
        tasks = GaugeMetricFamily(
            "lotsa_tasks", "Background tasks in the queue by state", labels=["state"]
        )
        for state, count in sorted(queue_counts().items()):
            tasks.add_metric([state.lower()], count)
        yield tasks
        messages = GaugeMetricFamily(
            "lotsa_messages", "Outbox messages by status", labels=["status"]
        )
        rows = OutboundMessage.objects.order_by().values("status").annotate(n=Count("id"))
        by_status = {row["status"]: row["n"] for row in rows}
        for status in ("pending", "sent", "failed"):
            messages.add_metric([status], by_status.get(status, 0))
        yield messages
        last = VerificationRun.objects.order_by("-finished_at", "-id").first()
        ok = GaugeMetricFamily(
            "lotsa_audit_chain_ok",
            "1 when the last `lotsa audit verify` found every chain whole, 0 when broken, "
            "-1 before the first run",
        )
        ok.add_metric([], -1 if last is None else int(last.ok))
        yield ok
        if last is not None:
            yield GaugeMetricFamily(
                "lotsa_audit_verified_timestamp_seconds",
                "When the last `lotsa audit verify` finished",
                value=last.finished_at.timestamp(),
            )
            yield GaugeMetricFamily(
                "lotsa_audit_verify_duration_seconds",
                "How long the last `lotsa audit verify` took",
                value=last.seconds,
            )


database_registry = CollectorRegistry(auto_describe=False)
database_registry.register(LotsaCollector())
