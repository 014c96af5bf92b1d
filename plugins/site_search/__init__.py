from .site_search import register

__all__ = ["register"]
