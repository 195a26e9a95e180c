"""重点领域信息公开: the key-area column families, their required items and cadence, and the
completeness view.
"""
