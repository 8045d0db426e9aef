"""The routers of /api/v1/, one per resource; `lotsa.api.v1` mounts them."""
