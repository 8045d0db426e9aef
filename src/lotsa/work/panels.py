"""The work app's section on the case page (registered in lotsa.work.extensions)."""

from lotsa.work.placement_views import placement_panel

__all__ = ["placement_panel"]
