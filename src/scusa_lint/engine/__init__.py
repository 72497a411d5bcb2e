"""The rule engine: loads YAML rules, compiles their patterns once, runs them over documents."""
