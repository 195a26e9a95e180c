"""行政执法公示 (谁执法谁公示): duties, bases, standards, procedures,
supervision channels and results.
"""
