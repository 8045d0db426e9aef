"""What assessments adds to other apps (loaded by LotsaAppConfig.ready)."""

from lotsa.assessments import demo, panels
from lotsa.cases.panels import case_panels
from lotsa.people.demo import demo_builders

case_panels.register("assessments", panels.panel, order=40)
demo_builders.register("assessments", demo.build_demo, order=50)
