"""The numeric core: pure numpy functions, arrays in, arrays out. No I/O, plotting or CLI here."""
