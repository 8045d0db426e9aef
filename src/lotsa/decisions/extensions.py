"""What decisions adds to other apps (loaded by LotsaAppConfig.ready)."""

from lotsa.cases.panels import case_panels
from lotsa.decisions import demo, panels
from lotsa.people.demo import demo_builders

case_panels.register("decisions", panels.panel, order=20)
demo_builders.register("decisions", demo.build_demo, order=70)
