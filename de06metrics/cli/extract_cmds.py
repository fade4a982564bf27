"""Commands registered on the shared `de06` app (filled in by its owner)."""
