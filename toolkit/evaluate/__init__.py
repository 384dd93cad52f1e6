"""Evaluation against gold annotations: clustering and extraction scores."""
