"""What api adds to other apps (loaded by LotsaAppConfig.ready)."""

from lotsa.api import demo
from lotsa.people.demo import demo_builders

demo_builders.register("api", demo.build_demo, order=80)
