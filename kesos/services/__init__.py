"""Writes: one module per record kind; each checks role and scope, validates, writes and audits."""
