"""What assessments adds to other apps (loaded by LotsaAppConfig.ready)."""

from lotsa.assessments import panels
from lotsa.cases.panels import case_panels

case_panels.register("assessments", panels.panel, order=40)
