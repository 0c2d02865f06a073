"""Where and how chunks of worlds run: runs and sweeps, executors, result folders, resume and rerun."""
