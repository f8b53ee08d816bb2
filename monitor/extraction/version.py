"""Which extractor read a stored page, recorded with every version."""

# Raise it with any change that can make a page read differently: the next check of each watch
# then re-reads its last version from the stored raw page before comparing, so an upgrade is
# never reported as an edit.
EXTRACTOR_VERSION = "2"
