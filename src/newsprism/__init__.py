"""newsprism: news articles from many outlets -> stories -> how the coverage differs."""

__version__ = "0.1.0"
