"""Releases and the Hugging Face Hub: the release record training writes, model repos and their cards."""
