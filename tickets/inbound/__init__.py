"""Support e-mail coming in: the appeal's reply address, parsing, loop detection, import."""
