"""Settings: `base` for every real run (production and demo differ only by environment),
`test` for the test suite."""
