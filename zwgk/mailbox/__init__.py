"""公开信箱: letters with a 查询码, routing, replies, satisfaction and statistics; messages left on
sites and accounts.
"""
