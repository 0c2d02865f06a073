"""The Mesa model: pure decision rules, the agents, the month, and what packages do to the agents."""
