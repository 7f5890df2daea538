"""The checks of a plan, one module per family; :mod:`.catalog` lists them and runs them."""
