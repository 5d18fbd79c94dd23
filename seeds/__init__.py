"""The sample articles that a new library starts with."""
