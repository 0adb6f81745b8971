"""Errors whose message is written for the person using the app or the CLI, not for a developer."""


class DepthCoreError(Exception):
    """Base class: ``str(error)`` is safe and useful to show to a user as it is."""


class InvalidImageError(DepthCoreError, ValueError):
    """The input is not an image we can read, or is too small or too large."""


class WeightsError(DepthCoreError, RuntimeError):
    """No usable weight file: missing, corrupt, or failing its sha256 check."""


class RegistryError(DepthCoreError):
    """models.json is missing, not JSON, or has an entry the package cannot read."""


class UnknownModelError(DepthCoreError, KeyError):
    """A model name the registry does not know (a KeyError too, so ``registry[name]`` habits still work)."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])
