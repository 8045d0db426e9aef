"""What portal adds to other apps (loaded by LotsaAppConfig.ready)."""

from lotsa.people.demo import demo_builders
from lotsa.portal import demo

demo_builders.register("portal", demo.build_demo, order=30)
