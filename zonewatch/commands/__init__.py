"""One module per group of zonewatch subcommands; zonewatch.cli wires them together."""
