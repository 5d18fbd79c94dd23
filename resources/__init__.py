"""Desktop resources (icon, desktop entry), shipped in the package as reader.resources."""
