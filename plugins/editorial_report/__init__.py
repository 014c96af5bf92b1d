from .editorial_report import register

__all__ = ["register"]
