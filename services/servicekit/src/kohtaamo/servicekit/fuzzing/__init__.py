"""Fuzzing a service's HTTP API against its OpenAPI document, for services' own tests (needs
servicekit's ``testing`` extra: schemathesis)."""
