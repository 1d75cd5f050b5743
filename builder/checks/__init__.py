"""Checks on the manuscript and on the built outputs."""
