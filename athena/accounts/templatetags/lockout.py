"""The lockout's pause in words on its page ({{ cooloff_timedelta|in_words }})."""

from django import template

from athena.accounts.lockout import cooloff_words

register = template.Library()


@register.filter
def in_words(period):
    return cooloff_words(period) if period else cooloff_words()
