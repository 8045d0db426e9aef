"""What collaboration adds to other apps (loaded by LotsaAppConfig.ready)."""

from lotsa.cases.panels import case_panels
from lotsa.collaboration import demo, panels
from lotsa.people.demo import demo_builders

case_panels.register("collaboration", panels.panel, order=10)
demo_builders.register("collaboration", demo.build_demo, order=20)
