"""What work adds to other apps (loaded by LotsaAppConfig.ready)."""

from lotsa.cases.panels import case_panels
from lotsa.work import panels

case_panels.register("work", panels.placement_panel, order=30)
