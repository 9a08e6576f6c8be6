"""netauto."""
