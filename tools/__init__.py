"""Documentation generators: they write README.md and docs/ from the model; not part of the package."""
