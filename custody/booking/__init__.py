"""Booking in (DOMAIN.md 2.1, 2.3, 2.4): opening the custody record, the rights given,
the risk assessment that sets the observation level, property and needs."""
