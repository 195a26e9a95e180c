"""zwgk — 政务公开: government affairs openness for a district or county government."""
