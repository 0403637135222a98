"""Floor maps with IMDF names: plans, features, the walking graph, routes and search."""
