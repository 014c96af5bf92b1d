from .article_images import register

__all__ = ["register"]
