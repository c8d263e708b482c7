"""The legal clock of an appeal, counted on the production calendar (core.workdays).

The period begins on the day after the day of receipt (Civil Code art. 191) and ends at the end
of its last working day (art. 194), all in Moscow time whatever the server's zone.
"""

from datetime import datetime

from django.conf import settings

from core.workdays import add_working_days, end_of_day, moscow_date


def legal_due(received: datetime) -> datetime:
    days = settings.TICKETS_LEGAL_WORKING_DAYS
    return end_of_day(add_working_days(moscow_date(received), days))


def legal_due_extended(current_due: datetime) -> datetime:
    days = settings.TICKETS_LEGAL_EXTENSION_WORKING_DAYS
    return end_of_day(add_working_days(moscow_date(current_due), days))
