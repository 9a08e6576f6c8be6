"""Recording results: records, the batched writer, the spool and the store."""
