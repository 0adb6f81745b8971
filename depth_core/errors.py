"""Errors whose message is written for the person using the app or the CLI, not for a developer."""


class DepthCoreError(Exception):
    """Base class: ``str(error)`` is safe and useful to show to a user as it is."""


class InvalidImageError(DepthCoreError, ValueError):
    """The input is not an image we can read, or is too small or too large."""


class WeightsError(DepthCoreError, RuntimeError):
    """No usable weight file: missing, corrupt, or failing its sha256 check."""
