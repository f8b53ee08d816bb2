"""How people and programs read changes: terminal and JSON rendering, the HTML report, the
Atom feed, and writing those as files.
"""
