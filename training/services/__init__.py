"""Training services: every state change of the training app goes through one of these."""
