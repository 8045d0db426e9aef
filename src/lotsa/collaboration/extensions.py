"""What collaboration adds to other apps (loaded by LotsaAppConfig.ready)."""

from lotsa.cases.panels import case_panels
from lotsa.collaboration import panels

case_panels.register("collaboration", panels.panel, order=10)
