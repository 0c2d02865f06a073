"""The model against the evidence: the stylised facts and the statistics that check them."""
