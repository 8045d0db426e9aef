"""What work adds to other apps (loaded by LotsaAppConfig.ready)."""

from lotsa.cases.panels import case_panels
from lotsa.people.demo import demo_builders
from lotsa.work import demo, panels

case_panels.register("work", panels.placement_panel, order=30)
demo_builders.register("work", demo.build_demo, order=60)
