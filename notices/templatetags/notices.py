"""Filters the notice includes use to pick, from `active_notices`, what one page concerns."""

from django import template

register = template.Library()


@register.filter
def for_topic(notices, topic_id):
    """Notices about an appeal topic (by its id, as the form's value: a number or its text)."""
    return [n for n in notices if n.concerns_topic(topic_id)]


@register.filter
def for_article(notices, article_id):
    return [n for n in notices if n.concerns_article(article_id)]


@register.filter
def for_audience(notices, audience_id):
    """Notices naming this audience (those for everyone are shown once, above the list)."""
    return [n for n in notices if n.concerns_audience(audience_id)]


@register.filter
def for_everyone(notices):
    return [n for n in notices if n.for_everyone]
