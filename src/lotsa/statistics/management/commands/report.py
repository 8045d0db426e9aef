"""`lotsa report board [--org NAME] --from DATE --to DATE --format xlsx|csv|html --output FILE`.

`--organisation` is `--org`; `--month YYYY-MM` is that calendar month's --from/--to. A
row-level report (`lotsa report attendance --organisation NAME --month 2025-03`) writes CSV,
to --output or, without it, to standard output.

Other reports (`lotsa report kolada|esf|socialstyrelsen …`) are registered by their apps in
`statistics.report_files.report_commands`; a row-level one writes CSV only.

The same report as the page (statistics.views.export_parts: the same tables, the same hidden
cells). Without --org every organisation in the database gets its own section (a sheet in XLSX).
A progress bar (rich) shows on stderr when more than one organisation is reported.
"""

import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.template.loader import render_to_string
from django.utils import translation

from lotsa.core.dates import add_months
from lotsa.core.downloads import csv_text
from lotsa.organisations.models import Organisation
from lotsa.statistics.exports import legend, to_csv, to_xlsx
from lotsa.statistics.periods import Period
from lotsa.statistics.report import ReportFilter, board_report
from lotsa.statistics.report_files import ReportOutput, report_commands
from lotsa.statistics.views import export_parts

FORMATS = ("xlsx", "csv", "html")


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"Not a date (YYYY-MM-DD): {text!r}") from error


def _month(text: str) -> Period:
    try:
        first = datetime.date(int(text[:4]), int(text[5:]), 1)
        if len(text) != 7 or text[4] != "-":
            raise ValueError(text)
    except ValueError as error:
        raise CommandError(f"Not a month (YYYY-MM): {text!r}") from error
    return Period(first, add_months(first, 1) - datetime.timedelta(days=1))


def _period(options: dict[str, Any]) -> Period:
    if options.get("month"):
        if options.get("start") or options.get("end"):
            raise CommandError("Give either --month or --from and --to.")
        return _month(options["month"])
    if not (options.get("start") and options.get("end")):
        raise CommandError("Give --month, or --from and --to.")
    start, end = _date(options["start"]), _date(options["end"])
    if end < start:
        raise CommandError("--to is before --from.")
    return Period(start, end)


class Command(BaseCommand):
    help = "Write the board report for a period (every organisation, or one) to a file."

    def add_arguments(self, parser: CommandParser) -> None:
        names = ["board", *report_commands.keys()]
        parser.add_argument("report", choices=names, help=f"Which report ({', '.join(names)}).")
        parser.add_argument(
            "--org", "--organisation", dest="org", help="The organisation's name; else every one."
        )
        parser.add_argument("--month", help="A calendar month, YYYY-MM (instead of --from/--to).")
        parser.add_argument("--from", dest="start", help="First day, YYYY-MM-DD.")
        parser.add_argument("--to", dest="end", help="Last day, YYYY-MM-DD.")
        parser.add_argument(
            "--format", dest="fmt", choices=FORMATS, help="xlsx (csv for a row-level report)."
        )
        parser.add_argument(
            "--output", help="The file to write (a row-level CSV: standard output without it)."
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        period = _period(options)
        organisations = Organisation.objects.order_by("name")
        if options.get("org"):
            organisations = organisations.filter(name=options["org"])
            if not organisations.exists():
                raise CommandError(f"No organisation named {options['org']!r}.")
        chosen = list(organisations)
        self.report = options["report"]
        with translation.override("sv"):
            outputs = self._parts(chosen, period, show=not options["no_progress"])
            parts = [part for out in outputs for part in out.parts]
            row_files = [out.rows for out in outputs if out.rows is not None]
            fmt = options["fmt"] or ("csv" if row_files else "xlsx")
            if row_files:
                if fmt != "csv":
                    raise CommandError(f"{self.report} is a row-level file: use --format csv.")
                body = [row for rows in row_files for row in rows[1:]]
                text = csv_text([row_files[0][0], *body])
                if not options["output"]:
                    self.stdout.write(text, ending="")
                    return
                Path(options["output"]).write_text(text, encoding="utf-8")
                self.stdout.write(
                    f"Wrote {self.report}: {len(body)} row(s) to {options['output']}."
                )
                return
            if not options["output"]:
                raise CommandError("--output is needed: the file to write.")
            output = Path(options["output"])
            if fmt == "xlsx":
                output.write_bytes(to_xlsx(parts))
            elif fmt == "csv":
                output.write_text(to_csv(parts), encoding="utf-8")
            else:
                html = render_to_string(
                    "statistics/report_file.html",
                    {"parts": parts, "legend": legend(), "period": period},
                )
                output.write_text(html, encoding="utf-8")
        self.stdout.write(f"Wrote the {self.report} report for {len(parts)} part(s) to {output}.")

    def _parts(
        self, organisations: list[Organisation], period: Period, *, show: bool
    ) -> list[ReportOutput]:
        parts: list[ReportOutput] = []
        if show and len(organisations) > 1:
            from rich.console import Console
            from rich.progress import Progress

            with Progress(console=Console(stderr=True), transient=True) as progress:
                task = progress.add_task(f"{self.report} report", total=len(organisations))
                for organisation in organisations:
                    parts.append(self._one(organisation, period))
                    progress.advance(task)
        else:
            for organisation in organisations:
                parts.append(self._one(organisation, period))
        return parts

    def _one(self, organisation: Organisation, period: Period) -> ReportOutput:
        if self.report == "board":
            report = board_report(ReportFilter(organisation=organisation, period=period))
            return ReportOutput(parts=export_parts(report))
        producer = {entry.key: entry.item for entry in report_commands.entries()}[self.report]
        try:
            return producer(organisation, period)
        except ValueError as error:
            raise CommandError(f"{organisation.name}: {error}") from error
