"""Settings modules: base (production-safe), dev, test, production."""
