"""What decisions adds to other apps (loaded by LotsaAppConfig.ready)."""

from lotsa.cases.panels import case_panels
from lotsa.decisions import panels

case_panels.register("decisions", panels.panel, order=20)
