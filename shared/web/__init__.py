"""The web glue every face shares: who is asking, the request body, errors as responses."""
