"""What a depth map becomes for people: colour legends, 3D scenes, download bundles, folders and videos of depth."""
