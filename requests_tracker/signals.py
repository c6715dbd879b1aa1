"""Signals requests_tracker sends for apps above it (which it never imports)."""

from django.dispatch import Signal

#: Sent inside the disposal transaction, once per batch, with `requester_ids`: the
#: requesters whose personal data was just erased. Receivers erase what they hold about
#: those requesters' requests (the case file deletes their documents); raising rolls
#: the batch back, so nothing is half-disposed.
personal_data_disposed = Signal()
