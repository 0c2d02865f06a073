"""What a reader sees: figures, the HTML report, terminal tables and the parameter and package listings."""

THRESHOLD = 0.8
"""The deterrence rate a grid sweep's answer and its heatmap contours are read at (`--threshold`)."""
