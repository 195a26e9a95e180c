"""政务新媒体 registry: accounts, open/change/close workflow with filing, activity ingestion and
account rules.
"""
