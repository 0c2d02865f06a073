"""What a reader sees: figures, the HTML report, terminal tables and the parameter and package listings."""
