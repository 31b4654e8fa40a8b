"""The one generic spider; sites are data (the sites YAML), not classes."""
