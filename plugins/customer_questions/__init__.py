from .customer_questions import register

__all__ = ["register"]
