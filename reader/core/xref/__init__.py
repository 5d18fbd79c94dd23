"""Cross-referencing: claims, quantities, pair similarity, relations, matching, and the engine
that links every claim to the passages of other documents that agree, conflict or relate."""
