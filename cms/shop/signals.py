"""What the shop tells the apps above it: an order was taken or changed
(cms.publishing writes it to the change feed). Sent inside the transaction."""

from django.dispatch import Signal

# Arguments: order, created.
order_changed = Signal()
