"""Markets: prices (service, importer, chart, CLI, sample), buyers' demand, supply offers."""
