"""How good and how fast: RGB-D folders, metrics, trivial priors and skill, ground-truth checks, benchmarks."""
