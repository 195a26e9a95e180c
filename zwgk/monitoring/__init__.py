"""7×24 monitoring of websites: registry of sites and columns, the crawler, checks, scoring
and rectification.
"""
