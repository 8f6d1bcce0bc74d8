"""idlibmap: turn a news story into an annotated, self-contained map."""

__version__ = "0.1.0"
