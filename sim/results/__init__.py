"""From per-world outcomes to summaries: outcome tables, statistics, intervals, sensitivity."""
