from .customer_sources import register

__all__ = ["register"]
