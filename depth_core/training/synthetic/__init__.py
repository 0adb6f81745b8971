"""Synthetic indoor RGB-D: random furnished rooms, ray cast in numpy, with exact metric depth.

Why numpy ray casting: every surface here is an axis-aligned box or a vertical cylinder, so one vectorised slab test
per primitive renders a 320x240 frame in a fraction of a second on one core, with no GL context, no extra system
package and bit-for-bit reproducible output from a seed.

``raycast`` (what a ray hits) -> ``camera`` -> ``textures`` -> ``rooms`` -> ``render`` (how a view looks) ->
``views`` (which views) -> ``dataset`` (a folder of frames).
"""
from .camera import Camera, look_rotation
from .dataset import generate
from .raycast import Scene
from .render import render
from .rooms import Room, random_room
from .textures import TexturePool
from .views import deep_room, depth_spread, plausible_view, random_camera, render_frame

__all__ = ["Camera", "Room", "Scene", "TexturePool", "deep_room", "depth_spread", "generate", "look_rotation",
           "plausible_view", "random_camera", "random_room", "render", "render_frame"]
