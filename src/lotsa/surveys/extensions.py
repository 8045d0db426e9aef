"""What surveys adds to other apps (loaded by LotsaAppConfig.ready)."""

from lotsa.cases.panels import case_panels
from lotsa.surveys import panels

case_panels.register("surveys", panels.panel, order=50)
