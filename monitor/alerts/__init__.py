"""Notifications: message bodies and signatures (pure), and their delivery from the outbox."""
