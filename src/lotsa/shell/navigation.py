"""The navigation each role sees; the start page is the first item (lotsa.core.navigation)."""

from lotsa.core.navigation import NavItem, navigation_for

__all__ = ["NavItem", "navigation_for"]
