"""Running the per-article map on a distributed engine (Ray; ``pip install storyline[scale]``)."""

from storyline.scale.engine import EngineError, RayEngine

__all__ = ["EngineError", "RayEngine"]
