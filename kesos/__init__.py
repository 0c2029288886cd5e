"""Kesos: the dashboard of Indonesian social-welfare coordination bodies."""
