"""What surveys adds to other apps (loaded by LotsaAppConfig.ready)."""

from lotsa.cases.panels import case_panels
from lotsa.people.demo import demo_builders
from lotsa.surveys import demo, panels

case_panels.register("surveys", panels.panel, order=50)
demo_builders.register("surveys", demo.build_demo, order=40)
