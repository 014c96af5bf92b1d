from .calls_to_action import register

__all__ = ["register"]
